/// TaintToleration (`pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go`): a node's `NoSchedule` and
/// `NoExecute` taints must be tolerated (filter); untolerated `PreferNoSchedule` taints count against it (score).
struct TaintToleration: FilterPlugin, PreScorePlugin, ScorePlugin {
    /// Why a node is rejected.
    enum Failure: String, FilterFailure, CaseIterable {
        /// Some `NoSchedule` or `NoExecute` taint is not tolerated (`ErrReasonNotMatch`, without the taint named).
        case taint = "node(s) had untolerated taint"

        /// Preemption cannot remove a taint.
        var code: PluginStatus.Code { .unschedulableAndUnresolvable }
    }

    /// `TaintToleration`.
    static let name = "TaintToleration"

    /// Whether any node of the cluster has a `PreferNoSchedule` taint; when none has, every node would score the
    /// same 100 and PreScore skips the plugin. Taints are part of a node's static shape in capsim.
    let clusterHasPreferNoScheduleTaints: Bool

    /// Creates the plugin without knowing the cluster (it always scores).
    init() {
        clusterHasPreferNoScheduleTaints = true
    }

    /// Creates the plugin for a cluster.
    ///
    /// - Parameter state: The cluster (only its taints are read).
    init(cluster state: borrowing ClusterState) {
        clusterHasPreferNoScheduleTaints = state.taints.contains { $0.contains { $0.effect == .preferNoSchedule } }
    }

    /// Rejects a node with a `NoSchedule` or `NoExecute` taint the pod does not tolerate (`Filter`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when every such taint is tolerated.
    @inline(__always)
    func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if !state.hasTaints[n] { return nil }
        for taint in state.taints[n] where taint.effect != .preferNoSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) { return .taint }
        }
        return nil
    }

    /// `skip` when no node has a `PreferNoSchedule` taint (a capsim shortcut: upstream scores, and every node gets
    /// the same 100).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `skip` or `success`.
    func preScore(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus {
        clusterHasPreferNoScheduleTaints ? .success : .skip
    }

    /// The number of `PreferNoSchedule` taints on the node the pod does not tolerate (`Score`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: The count.
    @inline(__always)
    func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        var count: Int64 = 0
        for taint in state.taints[n] where taint.effect == .preferNoSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
        }
        return count
    }

    /// `DefaultNormalizeScore(MaxNodeScore, true, scores)`: fewer untolerated taints score higher.
    ///
    /// - Parameter scores: Counts, rescaled to 0...100.
    func normalizeScore(_ scores: inout [Int64]) {
        Self.defaultNormalizeScore(&scores, reverse: true)
    }
}
