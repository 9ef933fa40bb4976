/// GPU clustering (upstream `pkg/simulator/plugin/gpu_clustering_score.go`): keep pods with the same GPU request
/// together.
///
/// A GPU pod's *affinity* is `share` for a GPU-sharing pod and `k-gpu` for a pod with k whole GPUs; a node's
/// affinities are those of the GPU pods bound to it. With `fill = ⌊25 × (8000 − free GPU-milli) / 8000⌋`
/// (fuller nodes score higher within a tier), a GPU pod scores
/// - 75 + fill when the node hosts only pods of the pod's own affinity,
/// - 50 + fill when it hosts the pod's affinity among others,
/// - 25 + fill when it hosts no GPU pod,
/// - fill when it hosts only other affinities.
///
/// CPU-only pods score 0 everywhere. Devices: best fit (the default choice).
///
/// Per-node affinity counts are kept exactly from the bind and departure notifications (`didBind`/`didUnbind`),
/// as upstream counts the GPU pods on the node (`GetNodeResourceViaNodeInfo`).
struct GpuClusteringPolicy: GPUScorePlugin {
    /// `GpuClusteringScore`.
    static let name = "GpuClusteringScore"

    /// Affinity index: 0 = share, k = k-gpu (1...64).
    private static let affinityCount = 65
    private var affinityPods: [Int32]
    private var distinctAffinities: [Int32]

    /// Creates the policy.
    ///
    /// - Parameter nodeCount: Nodes in the cluster.
    init(nodeCount: Int) {
        affinityPods = Array(repeating: 0, count: nodeCount * GpuClusteringPolicy.affinityCount)
        distinctAffinities = Array(repeating: 0, count: nodeCount)
    }

    /// The affinity index of a GPU request, or -1 for no GPU.
    static func affinity(gpuCount: Int32, totalGPUMilli: Int64) -> Int {
        if gpuCount == 0 || totalGPUMilli == 0 { return -1 }
        if totalGPUMilli < 1000 { return 0 }
        return Int(min(totalGPUMilli / 1000, Int64(affinityCount - 1)))
    }

    /// The score of one node, given the node's affinity counts.
    static func score(
        podAffinity: Int, freeGPUMilli: Int64, hostsPodAffinity: Bool, distinctAffinities: Int32
    ) -> Int64 {
        guard podAffinity >= 0 else { return 0 }
        let fill = 25 * (8000 - freeGPUMilli) / 8000
        if hostsPodAffinity { return fill + (distinctAffinities == 1 ? 75 : 50) }
        return fill + (distinctAffinities == 0 ? 25 : 0)
    }

    mutating func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        let a = GpuClusteringPolicy.affinity(gpuCount: pod.gpuCount, totalGPUMilli: pod.totalGPUMilli)
        guard a >= 0 else { return }
        let i = node * GpuClusteringPolicy.affinityCount + a
        if affinityPods[i] == 0 { distinctAffinities[node] += 1 }
        affinityPods[i] += 1
    }

    mutating func didUnbind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        let a = GpuClusteringPolicy.affinity(gpuCount: pod.gpuCount, totalGPUMilli: pod.totalGPUMilli)
        guard a >= 0 else { return }
        let i = node * GpuClusteringPolicy.affinityCount + a
        precondition(affinityPods[i] > 0, "GpuClustering: departure of a pod it never saw bound")
        affinityPods[i] -= 1
        if affinityPods[i] == 0 { distinctAffinities[node] -= 1 }
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        let podAffinity = GpuClusteringPolicy.affinity(gpuCount: pod.gpuCount, totalGPUMilli: pod.totalGPUMilli)
        for n32 in feasible {
            let n = Int(n32)
            let hosts = podAffinity >= 0 && affinityPods[n * GpuClusteringPolicy.affinityCount + podAffinity] > 0
            scores.append(
                GpuClusteringPolicy.score(
                    podAffinity: podAffinity, freeGPUMilli: state.freeGPUMilli(node: n), hostsPodAffinity: hosts,
                    distinctAffinities: distinctAffinities[n]))
        }
    }
}
