/// Builds the plugin of a GPU policy for one run.
///
/// Ties between equally scored nodes are left to the `Scheduler` (first feasible node in node order). This matches
/// the reference simulator's results, which come from a patched kube-scheduler (`k8s.io/kubernetes =>
/// github.com/mental2008/kubernetes v1.20.5-minor` in its go.mod); breaking ties uniformly at random, as stock
/// `selectHost` does, drops FGD's allocation at 130 % arrived on openb from 95.4 % to about 90 %
/// (docs/atc23-reproduction.md).
enum GPUPolicyFactory {
    /// - Parameters:
    ///   - kind: The policy.
    ///   - input: The run (seed source and workload, e.g. FGD's typical pods).
    ///   - compiled: The run's pods, one per job, resolved against the cluster.
    ///   - state: The empty cluster.
    /// - Returns: The plugin.
    static func make(
        _ kind: GPUPolicyKind, input: SimulationInput, compiled: [CompiledPod], state: borrowing ClusterState
    ) -> any GPUScorePlugin {
        switch kind {
        case .random:
            return RandomPolicy(seed: input.seed)
        case .dotProduct:
            return DotProductPolicy()
        case .gpuClustering:
            return GpuClusteringPolicy(nodeCount: state.nodeCount)
        case .gpuPacking:
            return GpuPackingPolicy()
        case .bestFit:
            return BestFitPolicy()
        case .fgd:
            return FGDPolicy(
                model: FragmentationModel.forWorkload(jobs: input.jobs, compiled: compiled), nodeCount: state.nodeCount)
        }
    }
}
