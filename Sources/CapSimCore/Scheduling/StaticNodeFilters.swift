/// The Filter plugins that do not look at a node's free resources, for checks made outside a scheduling cycle
/// (queueing hints, the nominated-node retry, preemption candidates, the cluster autoscaler's node templates).
///
/// A facade over `NodeUnschedulable`, `NodeAffinityPlugin` and `TaintToleration`, run in the order of
/// `SchedulerProfile.Filters`, so these checks reject exactly the nodes a cycle's Filter would.
enum StaticNodeFilters {
    /// NodeUnschedulable, NodeAffinity, TaintToleration.
    typealias Filters = FilterChain<FilterChain<NodeUnschedulable, NodeAffinityPlugin>, TaintToleration>
    /// NodeAffinity, TaintToleration.
    typealias StatusIgnoringFilters = FilterChain<NodeAffinityPlugin, TaintToleration>

    /// Runs NodeUnschedulable, NodeAffinity and TaintToleration.
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when all three admit the node, otherwise the first rejection.
    @inline(__always)
    static func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Filters.Failure? {
        NodeUnschedulable().then(NodeAffinityPlugin()).then(TaintToleration()).filter(pod, node: n, state: state)
    }

    /// The filters that do not depend on the node's current status (down, cordoned, provisioned): NodeAffinity and
    /// TaintToleration.
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when both admit the node, otherwise the first rejection.
    @inline(__always)
    static func filterIgnoringStatus(
        _ pod: CompiledPod, node n: Int, state: borrowing ClusterState
    ) -> StatusIgnoringFilters.Failure? {
        NodeAffinityPlugin().then(TaintToleration()).filter(pod, node: n, state: state)
    }
}
