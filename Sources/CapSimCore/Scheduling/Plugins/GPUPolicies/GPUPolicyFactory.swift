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
        switch kind {
        case .random, .dotProduct, .gpuClustering, .gpuPacking, .bestFit, .fgd:
            return PlaceholderPolicy()
        }
    }
}

/// Scores every node 0 until the policies are written.
struct PlaceholderPolicy: GPUScorePlugin {
    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        scores.append(contentsOf: repeatElement(0, count: feasible.count))
    }
}
