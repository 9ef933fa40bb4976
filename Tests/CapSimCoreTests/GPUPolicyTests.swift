import Testing

@testable import CapSimCore

/// The ATC'23 GPU-sharing policies: hand-computed scores on tiny nodes, device choice, determinism, and packing runs
/// with invariant checks.
@Suite struct GPUPolicyTests {
    private func compiled(
        cpu: Int64 = 0, gpus: Int32 = 0, milli: Int32 = 1000, state: borrowing ClusterState
    ) -> CompiledPod {
        CompiledPod(PodTemplate(cpuMillicores: cpu, gpuCount: gpus, gpuMilliPerGPU: milli), models: state.gpuModels)
    }

    private func scores(
        _ plugin: inout some GPUScorePlugin, _ pod: CompiledPod, _ nodes: [Int32], _ state: borrowing ClusterState
    ) -> [Int64] {
        var out: [Int64] = []
        plugin.score(pod, feasible: nodes, state: state, into: &out)
        return out
    }

    /// n0: 64 CPU, 4 idle GPUs; n1: 32 CPU with 16 CPU and one whole GPU taken (16 CPU, 1000 m left);
    /// n2: 96 CPU, 8 idle GPUs.
    private func threeNodes() -> ClusterState {
        var state = ClusterState(
            spec: cluster([
                node("n0", cpu: 64000, memory: 256 * GiB, gpus: 4), node("n1", cpu: 32000, memory: 256 * GiB, gpus: 2),
                node("n2", cpu: 96000, memory: 256 * GiB, gpus: 8),
            ]))
        occupy(&state, node: 1, cpu: 16000, memory: 0, gpus: 1)
        return state
    }

    @Test("BestFit: raw 56, 93, 18 normalise to 50, 100, 0 for an 8-CPU 500 m pod")
    func bestFit() {
        // n0: 1 - (56/128 x 0.5 + 3500/8000 x 0.5) = 0.5625; n1: 1 - (8/128 + 500/8000) x 0.5 = 0.9375;
        // n2: 1 - (88/128 + 7500/8000) x 0.5 = 0.1875. Normalised: (56 - 18) x 100 / 75 = 50.
        let state = threeNodes()
        var plugin = BestFitPolicy()
        let pod = compiled(cpu: 8000, gpus: 1, milli: 500, state: state)
        let raw: [Int64] = [0, 1, 2].map { BestFitPolicy.rawScore(pod, node: $0, state: state) }
        #expect(raw == [56, 93, 18] as [Int64])
        let normalised = scores(&plugin, pod, [0, 1, 2], state)
        #expect(normalised == [50, 100, 0] as [Int64])
        let twoNodes = scores(&plugin, pod, [0, 2], state)
        #expect(twoNodes == [100, 0] as [Int64])
    }

    @Test("DotProduct: 1 - <free, request>/2 over max-normalised vectors gives 96, 99, 94")
    func dotProduct() {
        // request (8/128, 500/8000) = (1/16, 1/16); n0 free (1/2, 1/2): product 1/16 -> 96.875;
        // n1 (1/8, 1/8): 1/64 -> 99.2; n2 (3/4, 1): 7/64 -> 94.5.
        let state = threeNodes()
        var plugin = DotProductPolicy()
        let pod = compiled(cpu: 8000, gpus: 1, milli: 500, state: state)
        let got = scores(&plugin, pod, [0, 1, 2], state)
        #expect(got == [96, 99, 94] as [Int64])
    }

    @Test("GpuPacking: shared device 93, idle device on a used node 49, idle node 25; CPU pods 0")
    func gpuPacking() {
        var state = ClusterState(
            spec: cluster([
                node("n0", cpu: 64000, memory: 256 * GiB, gpus: 4), node("n1", cpu: 64000, memory: 256 * GiB, gpus: 2),
                node("n2", cpu: 96000, memory: 256 * GiB, gpus: 8),
            ]))
        _ = state.bind(compiled(cpu: 1000, gpus: 1, milli: 300, state: state), on: 0)
        occupy(&state, node: 1, cpu: 1000, memory: 0, gpus: 1)
        var plugin = GpuPackingPolicy()
        // n0: device 0 has 700 free: 100 - (70 / 10). n1: only an idle device fits: 50 - 1. n2: max(33 - 8, 8).
        let shared = scores(&plugin, compiled(cpu: 1000, gpus: 1, milli: 500, state: state), [0, 1, 2], state)
        #expect(shared == [93, 49, 25] as [Int64])
        // Two whole GPUs on n0 take two idle devices: 50 - 2.
        let whole = scores(&plugin, compiled(cpu: 1000, gpus: 2, state: state), [0, 2], state)
        #expect(whole == [48, 25] as [Int64])
        let cpuOnly = scores(&plugin, compiled(cpu: 1000, state: state), [0, 1, 2], state)
        #expect(cpuOnly == [0, 0, 0] as [Int64])
    }

    @Test("GpuClustering: same affinity only 89, mixed 66, other 15, idle 37")
    func gpuClustering() {
        var state = ClusterState(
            spec: cluster((0..<4).map { node("n\($0)", cpu: 64000, memory: 256 * GiB, gpus: 4) }))
        var plugin = GpuClusteringPolicy(nodeCount: 4)
        let probe = compiled(cpu: 1000, gpus: 1, milli: 500, state: state)
        // Bind one pod per scheduling cycle, as a run does, and notify the plugin as `Simulation.bind` does.
        let binds: [(Int, CompiledPod)] = [
            (0, compiled(cpu: 1000, gpus: 1, milli: 500, state: state)),
            (1, compiled(cpu: 1000, gpus: 1, milli: 300, state: state)),
            (1, compiled(cpu: 1000, gpus: 1, state: state)),
            (2, compiled(cpu: 1000, gpus: 1, state: state)), (3, compiled(cpu: 1000, state: state)),
        ]
        for (n, pod) in binds {
            _ = scores(&plugin, probe, [0, 1, 2, 3], state)
            let devices = state.bind(pod, on: n)
            plugin.didBind(pod, node: n, devices: devices, state: state)
        }
        // fill = 25 x (8000 - free) / 8000: n0 3500 free -> 14, n1 2700 -> 16, n2 3000 -> 15, n3 4000 -> 12.
        let got = scores(&plugin, probe, [0, 1, 2, 3], state)
        let expected: [Int64] = [75 + 14, 50 + 16, 15, 25 + 12]
        #expect(got == expected)
        let cpuOnly = scores(&plugin, compiled(cpu: 1000, state: state), [0, 1], state)
        #expect(cpuOnly == [0, 0] as [Int64])
    }

    @Test("FGD: sigmoid of the fragmentation decrease; the shared pod takes the device leaving least fragment")
    func fgd() {
        // One typical pod: 1 CPU + 600 m. A 500 m pod on an idle 2-GPU node leaves [500, 1000]: 500 too small,
        // sigmoid(-0.5) = 0.3775 -> 37. On [600, 1000] device 0 leaves [100, 1000] (sigmoid(-0.1) -> 47), device 1
        // leaves [600, 500] (-> 37): the node scores 47 and binds device 0.
        var state = ClusterState(
            spec: cluster([
                node("n0", cpu: 8000, memory: 64 * GiB, gpus: 2), node("n1", cpu: 8000, memory: 64 * GiB, gpus: 2),
            ]))
        _ = state.bind(compiled(cpu: 1000, gpus: 1, milli: 400, state: state), on: 1)
        let model = FragmentationModel(typicalPods: [
            .init(cpu: 1000, gpuMilli: 600, gpuCount: 1, modelMask: .max, frequency: 1)
        ])
        var plugin = FGDPolicy(model: model, nodeCount: 2)
        let pod = compiled(cpu: 1000, gpus: 1, milli: 500, state: state)
        let got = scores(&plugin, pod, [0, 1], state)
        #expect(got == [37, 47] as [Int64])
        #expect(plugin.selectDevices(pod, node: 1, state: state) == 0b01)
        #expect(plugin.selectDevices(pod, node: 0, state: state) == 0b01)
        // A whole GPU takes an idle device and leaves nothing too small: no change, 50.
        let whole = scores(&plugin, compiled(cpu: 1000, gpus: 1, state: state), [0, 1], state)
        #expect(whole == [50, 50] as [Int64])
        #expect(FGDPolicy.score(fragmentDecrease: 0) == 50)
        #expect(FGDPolicy.score(fragmentDecrease: 2000) == 88)
    }

    @Test("Random: one feasible node scores 100; the same seed picks the same nodes and devices")
    func random() {
        let state = threeNodes()
        let pod = compiled(cpu: 1000, gpus: 1, milli: 500, state: state)
        var a = RandomPolicy(seed: 7)
        var b = RandomPolicy(seed: 7)
        for _ in 0..<20 {
            let x = scores(&a, pod, [0, 1, 2], state)
            #expect(x == scores(&b, pod, [0, 1, 2], state))
            let sorted = x.sorted()
            #expect(sorted == [0, 0, 100] as [Int64])
            let chosen = x.firstIndex(of: 100) ?? 0
            let devices = a.selectDevices(pod, node: chosen, state: state)
            #expect(devices == b.selectDevices(pod, node: chosen, state: state))
            let mask: UInt64 = devices ?? 0
            let device = Int(state.gpuStart[chosen]) + mask.trailingZeroBitCount
            #expect(mask.nonzeroBitCount == 1)
            #expect(state.gpuFree[device] >= 500)
        }
    }

    // MARK: - Packing runs

    /// 12 nodes of three shapes (64 GPUs) and 400 pods of openb-like shapes (shared, 1/2/4/8 GPUs, CPU-only): about
    /// three times what fits, so every policy runs into rejections.
    private func syntheticInput(policy: GPUPolicyKind, seed: UInt64) -> SimulationInput {
        var nodes: [NodeSpec] = []
        for i in 0..<4 { nodes.append(node("big\(i)", cpu: 96000, memory: 512 * GiB, gpus: 8, model: "G2")) }
        for i in 0..<4 { nodes.append(node("mid\(i)", cpu: 64000, memory: 256 * GiB, gpus: 4, model: "V100")) }
        for i in 0..<4 { nodes.append(node("small\(i)", cpu: 32000, memory: 128 * GiB, gpus: 2, model: "T4")) }
        var random = SeededRandom(seed: 99, stream: "test/shapes")
        let jobs = (0..<400).map { i -> JobSpec in
            let kind = random.nextIndex(below: 10)
            var gpus: Int32 = 0
            var milli: Int32 = 1000
            switch kind {
            case 0..<5:
                gpus = 1
                milli = Int32(100 * (1 + random.nextIndex(below: 9)))
            case 5, 6: gpus = 1
            case 7: gpus = 2
            case 8: gpus = random.nextIndex(below: 2) == 0 ? 4 : 8
            default: gpus = 0
            }
            return job(
                "p\(i)", at: 0, cpu: Int64(1000 * (1 + random.nextIndex(below: 16))), memory: 8 * GiB, gpus: gpus,
                gpuMilli: milli, runFor: nil)
        }
        return SimulationInput(
            cluster: cluster(nodes), scheduler: .gpuSharing(policy), jobs: jobs, mode: .arrivalOnly,
            checksInvariants: true, seed: seed)
    }

    @Test("arrival-only packing keeps cluster invariants under every policy", arguments: GPUPolicyKind.allCases)
    func packingRun(policy: GPUPolicyKind) throws {
        let result = Simulation.run(syntheticInput(policy: policy, seed: 42))
        let placed = try #require(result.metric("pods_placed"))
        #expect(placed > 60)
        #expect(try #require(result.metric("gpu_allocation_final")) > 50)
        let fragmentation = try #require(result.metric("gpu_fragmentation_at_100pct_arrived"))
        #expect(fragmentation >= 0 && fragmentation <= 100)
    }

    @Test("the same seed gives the same placement", arguments: GPUPolicyKind.allCases)
    func determinism(policy: GPUPolicyKind) {
        let first = Simulation.run(syntheticInput(policy: policy, seed: 5))
        let second = Simulation.run(syntheticInput(policy: policy, seed: 5))
        #expect(first.jobs.map(\.node) == second.jobs.map(\.node))
        #expect(first.series == second.series)
    }

    @Test("FGD's memoised scores equal scores computed afresh after a run's placements")
    func fgdCacheMatchesFreshScores() {
        let input = syntheticInput(policy: .fgd, seed: 1)
        var state = ClusterState(spec: input.cluster)
        let pods = input.jobs.map { CompiledPod($0.pod, models: state.gpuModels) }
        let model = FragmentationModel.forWorkload(jobs: input.jobs, compiled: pods)
        var used = FGDPolicy(model: model, nodeCount: state.nodeCount)
        let all = (0..<Int32(state.nodeCount)).map { $0 }
        for pod in pods.prefix(120) {
            let feasible = all.filter { NodeResourcesFit.filter(pod, node: Int($0), state: state) == nil }
            guard !feasible.isEmpty else { continue }
            let s = scores(&used, pod, feasible, state)
            var fresh = FGDPolicy(model: model, nodeCount: state.nodeCount)
            #expect(s == scores(&fresh, pod, feasible, state))
            let best = Int(feasible[s.firstIndex(of: s.max() ?? 0) ?? 0])
            _ = state.bind(pod, on: best, devices: used.selectDevices(pod, node: best, state: state))
        }
    }
}
