/// NodeUnschedulable (`pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go`): rejects a cordoned
/// node (`spec.unschedulable`) unless the pod tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint.
///
/// capsim adds the node's own status here: a node not yet provisioned (autoscaler and Karpenter nodes before they
/// join) and a node that is not Ready (failed, or down for repair or upgrade) are rejected first. Upstream such nodes
/// are either absent from the snapshot or carry `node.kubernetes.io/not-ready` taints that TaintToleration rejects;
/// capsim rejects them whatever the pod tolerates.
struct NodeUnschedulable: FilterPlugin {
    /// Why a node is rejected; upstream's code is `UnschedulableAndUnresolvable` for all of them.
    enum Failure: String, FilterFailure, CaseIterable {
        /// The node is cordoned (`ErrReasonUnschedulable`).
        case unschedulable = "node(s) were unschedulable"
        /// The node is not Ready.
        case down = "node(s) were not ready"
        /// The node is not provisioned yet (or was removed).
        case absent = "node(s) not provisioned"

        /// Preemption cannot make such a node usable.
        var code: PluginStatus.Code { .unschedulableAndUnresolvable }
    }

    /// `NodeUnschedulable`.
    static let name = "NodeUnschedulable"

    /// The taint a cordoned node is treated as having (`v1.TaintNodeUnschedulable`, effect NoSchedule).
    static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)

    /// Rejects a node that is not provisioned, not Ready, or cordoned (unless tolerated), in that order.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when the node may take pods.
    @inline(__always)
    func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if state.isAbsent[n] { return .absent }
        if state.isDown[n] { return .down }
        if state.isUnschedulable[n] && !pod.tolerations.contains(where: { $0.tolerates(Self.unschedulableTaint) }) {
            return .unschedulable
        }
        return nil
    }
}
