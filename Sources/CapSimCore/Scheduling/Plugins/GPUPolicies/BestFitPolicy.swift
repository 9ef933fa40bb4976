/// Best fit (upstream `pkg/simulator/plugin/best_fit_score.go`, with its `NormalizeScore`).
///
/// Raw score = ⌊100 × (1 − Σ_r w_r (free_r − request_r) / max_r)⌋ over r ∈ {CPU, GPU}, with weights 0.5 and 0.5,
/// max_CPU = 128,000 m and max_GPU = 8,000 GPU-milli; free GPU is summed over the node's devices, requested GPU is
/// the pod's total, requested CPU carries the 100 m default. The least leftover scores highest. Raw scores are then
/// min-max normalised over the feasible nodes with integer arithmetic,
/// `(raw − lowest) × 100 / (highest − lowest)` (all 0 when every node has the same raw score), which can merge
/// close raw scores into ties. Devices: best fit (the default choice).
struct BestFitPolicy: GPUScorePlugin {
    /// `BestFitScore`.
    static let name = "BestFitScore"

    /// The raw (not yet normalised) score of one node; 0 when the node lacks the requested CPU or GPU.
    static func rawScore(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        let cpuLeft = state.cpuLeft(node: n)
        let gpuLeft = state.freeGPUMilli(node: n)
        guard cpuLeft >= pod.nonZeroCPU, gpuLeft >= pod.totalGPUMilli else { return 0 }
        var leftover = 0.0
        leftover += Double(cpuLeft - pod.nonZeroCPU) / DotProductPolicy.maxSpecCPU * 0.5
        leftover += Double(gpuLeft - pod.totalGPUMilli) / DotProductPolicy.maxSpecGPU * 0.5
        return Int64((1 - leftover) * 100)
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        let start = scores.count
        var lowest = Int64.max
        var highest = Int64.min
        for n in feasible {
            let s = BestFitPolicy.rawScore(pod, node: Int(n), state: state)
            lowest = min(lowest, s)
            highest = max(highest, s)
            scores.append(s)
        }
        let range = highest - lowest
        for i in start..<scores.count { scores[i] = range == 0 ? 0 : (scores[i] - lowest) * 100 / range }
    }
}
