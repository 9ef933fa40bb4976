/// GPU packing (upstream `pkg/simulator/plugin/gpu_packing_score.go`).
///
/// The pod's devices are picked smallest-sufficient first (free GPU-milli ascending, lower index on ties). Three
/// tiers, best first:
/// 1. every picked device is already in use (shared): 100 − ⌊Σ ⌊free×100/1000⌋ / 10⌋, at least 50;
/// 2. some picked devices are idle but the node is in use: 50 − (idle devices picked), at least 33;
/// 3. the node is entirely idle: max(33 − idle devices, idle devices).
///
/// CPU-only pods score 0 on every node. Devices: best fit (the default choice, which is the tier-1 pick).
struct GpuPackingPolicy: GPUScorePlugin {
    /// `GpuPackingScore`.
    static let name = "GpuPackingScore"

    /// The score of one node.
    static func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        guard pod.gpuCount > 0 && pod.gpuMilli > 0 else { return 0 }
        let start = Int(state.gpuStart[n])
        let count = Int(state.gpuCount[n])
        let idle = Int64(state.idleDevices(node: n))
        if idle == Int64(count) { return max(33 - idle, idle) }
        var used: UInt64 = 0
        var idlePicked: Int64 = 0
        var freePercentSum: Int64 = 0
        for _ in 0..<Int(pod.gpuCount) {
            var pick = -1
            var pickFree = Int32.max
            for d in 0..<count where used & (1 << UInt64(d)) == 0 {
                let free = state.gpuFree[start + d]
                if free >= pod.gpuMilli && free < pickFree {
                    pick = d
                    pickFree = free
                }
            }
            guard pick >= 0 else { return 0 }
            used |= 1 << UInt64(pick)
            if pickFree == 1000 { idlePicked += 1 }
            freePercentSum += Int64(pickFree) * 100 / 1000
        }
        if idlePicked > 0 { return max(50 - idlePicked, 33) }
        return max(100 - freePercentSum / 10, 50)
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        for n in feasible { scores.append(GpuPackingPolicy.score(pod, node: Int(n), state: state)) }
    }
}
