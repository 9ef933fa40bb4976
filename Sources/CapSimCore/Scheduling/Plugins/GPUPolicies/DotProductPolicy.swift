/// Tetris-style dot product (upstream `pkg/simulator/plugin/dot_product_score.go` with the paper's options
/// `-dimext merge -norm max -gpusel best`).
///
/// The node's free vector (free CPU, free GPU-milli summed over devices) and the pod's request vector (CPU request
/// with the 100 m default, total GPU-milli) are both divided by the largest node spec (128,000 m CPU,
/// 8,000 GPU-milli). Score = ⌊100 × (1 − ⟨free, request⟩ / 2)⌋: a large product means the pod would take a big
/// bite of a big node, so smaller products (tighter fits) score higher. A node with less free CPU than the request
/// scores 0. No normalisation across nodes. Devices: best fit (the default choice).
struct DotProductPolicy: GPUScorePlugin {
    /// `DotProductScore`.
    static let name = "DotProductScore"

    static let maxSpecCPU = 128_000.0
    static let maxSpecGPU = 8_000.0
    /// The score of one node.
    static func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        let cpuLeft = state.cpuLeft(node: n)
        guard cpuLeft >= pod.nonZeroCPU else { return 0 }
        var product = 0.0
        product += Double(cpuLeft) / maxSpecCPU * (Double(pod.nonZeroCPU) / maxSpecCPU)
        product += Double(state.freeGPUMilli(node: n)) / maxSpecGPU * (Double(pod.totalGPUMilli) / maxSpecGPU)
        let s = 1 - product / 2
        return Int64(100 * s)
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        for n in feasible { scores.append(DotProductPolicy.score(pod, node: Int(n), state: state)) }
    }
}
