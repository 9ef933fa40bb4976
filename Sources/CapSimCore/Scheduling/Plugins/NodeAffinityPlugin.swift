/// NodeAffinity (`pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go`): the pod's `nodeSelector` and
/// required node affinity as a filter, its preferred terms as a score.
///
/// Named `NodeAffinityPlugin` because `NodeAffinity` is the pod's affinity spec (`v1.NodeAffinity`), as upstream
/// keeps the plugin in its own package. The scheduler profile's argument `addedAffinity` is not modelled.
struct NodeAffinityPlugin: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    /// Why a node is rejected.
    enum Failure: String, FilterFailure, CaseIterable {
        /// A `nodeSelector` label or every required term fails to match (`ErrReasonPod`).
        case nodeSelector = "node(s) didn't match Pod's node affinity/selector"

        /// Preemption cannot change a node's labels.
        var code: PluginStatus.Code { .unschedulableAndUnresolvable }
    }

    /// `NodeAffinity`.
    static let name = "NodeAffinity"

    /// `skip` when the pod has neither a `nodeSelector` nor required terms, so Filter has nothing to check (`PreFilter`;
    /// capsim has no `metadata.name` field selectors, so it never narrows the node list).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `skip` or `success`.
    func preFilter(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus {
        pod.nodeSelector.isEmpty && !pod.hasRequiredAffinity ? .skip : .success
    }

    /// Every `nodeSelector` label must match, then some required term must (`Filter`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when the node's labels satisfy the pod.
    @inline(__always)
    func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if !pod.nodeSelector.isEmpty {
            let labels = state.labels[n]
            for (key, value) in pod.nodeSelector where labels[key] != value { return .nodeSelector }
        }
        if pod.hasRequiredAffinity && !pod.affinity.admits(state.labels[n]) { return .nodeSelector }
        return nil
    }

    /// `skip` when the pod has no preferred terms (`PreScore`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `skip` or `success`.
    func preScore(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus {
        pod.hasPreferredAffinity ? .success : .skip
    }

    /// The sum of the weights of the preferred terms the node matches (`Score`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: The raw sum.
    @inline(__always)
    func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        pod.affinity.preferenceScore(state.labels[n])
    }

    /// `DefaultNormalizeScore(MaxNodeScore, false, scores)`.
    ///
    /// - Parameter scores: Raw sums, rescaled to 0...100.
    func normalizeScore(_ scores: inout [Int64]) {
        Self.defaultNormalizeScore(&scores, reverse: false)
    }
}
