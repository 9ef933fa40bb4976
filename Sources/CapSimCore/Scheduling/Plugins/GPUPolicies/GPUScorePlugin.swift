/// The GPU-sharing placement policies of the ATC'23 FGD paper (Weng et al., "Beware of Fragmentation"),
/// selectable as a scheduler profile.
public enum GPUPolicyKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// One feasible node uniformly at random (seeded).
    case random = "Random"
    /// Tetris-style dot product of free and requested resources.
    case dotProduct = "DotProduct"
    /// Prefer nodes already hosting pods with the same GPU request.
    case gpuClustering = "GpuClustering"
    /// Prefer already-shared GPUs, then used nodes, then idle nodes.
    case gpuPacking = "GpuPacking"
    /// Least leftover CPU and GPU after placement.
    case bestFit = "BestFit"
    /// Fragmentation gradient descent: least growth of expected GPU fragmentation.
    case fgd = "FGD"
}

/// A GPU-aware score plugin: scores every feasible node of one pod at once (so it can normalize or pick at random)
/// and may choose which GPU devices the pod gets on the chosen node (the Reserve step of the GPU-share scheduler).
///
/// One call covers Score and NormalizeScore over the whole feasible list (and Random's PreScore pick), which is why
/// these plugins do not conform to the per-node `ScorePlugin`. The scheduler calls it once per cycle, through an
/// existential (the policy is chosen at run time and keeps mutable state), never once per node.
///
/// Implementations live in this folder, one file per policy, each documenting its formula and source file in
/// hkust-adsl/kubernetes-scheduler-simulator; `name` is the upstream plugin name (`pkg/type/const.go`).
protocol GPUScorePlugin: ReservePlugin {
    /// Writes a score in 0...100 for each feasible node into `scores` (same order as `feasible`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - feasible: Node indices that passed the filters.
    ///   - state: Cluster state before placement.
    ///   - scores: Output buffer, cleared by the caller; append exactly `feasible.count` values.
    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64])

    /// The devices the pod takes on `node`, as a bit mask of node-local device indices, or `nil` to use the default
    /// choice (best-fitting device for a shared pod, lowest idle devices for whole GPUs). Called once per bind, right
    /// before it (also for cycles that were not scored because only one node was feasible).
    mutating func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64?

    /// A pod was bound to `node` and took `devices` (node-local bit mask, 0 for a CPU-only pod); `state` already
    /// includes it. Called for every bind, whatever scheduled the pod.
    mutating func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState)

    /// A pod left `node` (finished, evicted, lost) and freed `devices`; `state` no longer includes it.
    mutating func didUnbind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState)
}

extension GPUScorePlugin {
    /// Reserve: the policy's device choice (`allocateGpuIdFunc` of the Open-Gpu-Share plugin).
    ///
    /// - Parameters:
    ///   - pod: The pod about to be bound.
    ///   - node: The chosen node.
    ///   - state: Cluster state before the bind.
    /// - Returns: The devices from `selectDevices`, or `nil` for the default choice.
    mutating func reserve(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? {
        selectDevices(pod, node: node, state: state)
    }

    func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? { nil }
    func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {}
    func didUnbind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {}
}
