/// Random placement (upstream `pkg/simulator/plugin/random_score.go`, GPU choice `allocateGpuIdBasedOnRandomFit`
/// in `open_gpu_share.go`).
///
/// Score: one feasible node is drawn uniformly (the PreScore step) and scores 100; every other node scores 0.
/// Devices (the paper runs use `-gpusel random` for this policy): a GPU-sharing pod takes a device drawn uniformly
/// from the devices with enough free GPU-milli; whole-GPU pods take the lowest-indexed idle devices.
///
/// Draws come from `SeededRandom(seed:stream: "gpu-policy/Random")`, so a seed fixes every placement. A scored cycle
/// draws the node and then the device draw, in that order. A cycle with a single feasible node is not scored (as in
/// kube-scheduler), so its device draw is taken from the same stream when the device is selected; `didBind` marks the
/// cycle's draw as used. Upstream draws the device at Reserve from the same global generator as the node pick, so
/// either way the device is uniform over the fitting devices.
struct RandomPolicy: GPUScorePlugin {
    /// `RandomScore`.
    static let name = "RandomScore"

    private var random: SeededRandom
    private var pendingDraw: UInt64?

    /// Creates the policy for one run.
    ///
    /// - Parameter seed: The run seed.
    init(seed: UInt64) {
        random = SeededRandom(seed: seed, stream: "gpu-policy/\(GPUPolicyKind.random.rawValue)")
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        let pick = random.nextIndex(below: feasible.count)
        pendingDraw = random.next()
        for i in feasible.indices { scores.append(i == pick ? 100 : 0) }
    }

    mutating func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? {
        guard pod.isSharedGPU else { return nil }
        let start = Int(state.gpuStart[node])
        let count = Int(state.gpuCount[node])
        var fitting = 0
        for d in 0..<count where state.gpuFree[start + d] >= pod.gpuMilli { fitting += 1 }
        guard fitting > 0 else { return nil }
        let draw = pendingDraw ?? random.next()
        pendingDraw = nil
        var k = Int(draw % UInt64(fitting))
        for d in 0..<count where state.gpuFree[start + d] >= pod.gpuMilli {
            if k == 0 { return 1 << UInt64(d) }
            k -= 1
        }
        return nil
    }

    mutating func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        pendingDraw = nil
    }
}
