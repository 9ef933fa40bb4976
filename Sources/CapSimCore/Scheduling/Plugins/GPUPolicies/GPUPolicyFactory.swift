/// Builds the plugin of a GPU policy for one run.
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
        let tieBreak = emulatesRandomTieBreak(input.scheduler, state: state)
            ? RandomTieBreak(seed: input.seed, policy: kind) : nil
        switch kind {
        case .random:
            return RandomPolicy(seed: input.seed)
        case .dotProduct:
            return DotProductPolicy(tieBreak: tieBreak)
        case .gpuClustering:
            return GpuClusteringPolicy(nodeCount: state.nodeCount, tieBreak: tieBreak)
        case .gpuPacking:
            return GpuPackingPolicy(tieBreak: tieBreak)
        case .bestFit:
            return BestFitPolicy(tieBreak: tieBreak)
        case .fgd:
            return FGDPolicy(
                model: FragmentationModel.forWorkload(jobs: input.jobs, compiled: compiled),
                nodeCount: state.nodeCount, tieBreak: tieBreak)
        }
    }

    /// Whether the policy is the only score that decides placement, so it may break ties itself at random as
    /// kube-scheduler's `selectHost` does (see `RandomTieBreak`): NodeResourcesFit and BalancedAllocation are off
    /// and TaintToleration scoring is off or has no `PreferNoSchedule` taint to look at.
    static func emulatesRandomTieBreak(_ configuration: SchedulerConfiguration, state: borrowing ClusterState) -> Bool {
        guard configuration.fitWeight == 0, configuration.balancedAllocationWeight == 0,
            configuration.gpuPolicyWeight > 0
        else { return false }
        if configuration.taintTolerationWeight == 0 { return true }
        return !state.taints.contains { $0.contains { $0.effect == .preferNoSchedule } }
    }
}
