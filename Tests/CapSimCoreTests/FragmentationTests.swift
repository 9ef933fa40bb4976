import Testing

@testable import CapSimCore

/// The fragmentation measure of the ATC'23 FGD paper (`FragmentationModel`) and its packing-curve column.
@Suite struct FragmentationTests {
    private func fragment(_ model: FragmentationModel, cpuLeft: Int64, free: [Int32], modelID: Int32 = 0) -> Double {
        free.withUnsafeBufferPointer { model.fragmentedMilli(cpuLeft: cpuLeft, free: $0, modelID: modelID) }
    }

    /// A: 4 CPU + 500 m shared (50 %), B: 8 CPU + 2 whole GPUs (30 %), C: 2 CPU only (20 %).
    private let model = FragmentationModel(typicalPods: [
        .init(cpu: 4000, gpuMilli: 500, gpuCount: 1, modelMask: .max, frequency: 0.5),
        .init(cpu: 8000, gpuMilli: 1000, gpuCount: 2, modelMask: .max, frequency: 0.3),
        .init(cpu: 2000, gpuMilli: 0, gpuCount: 0, modelMask: .max, frequency: 0.2),
    ])

    @Test("worked example: free [300, 1000, 600, 0] with 10 CPU left fragments 1100 GPU-milli")
    func workedExample() {
        // Free total 1900. A fits (devices with 1000 and 600): only the 300 m too small for it counts, 0.5 x 300.
        // B needs two idle GPUs and finds one: all 1900 count, 0.3 x 1900. C is a CPU pod: all count, 0.2 x 1900.
        let f = fragment(model, cpuLeft: 10_000, free: [300, 1000, 600, 0])
        #expect(abs(f - (150 + 570 + 380)) < 1e-9)
    }

    @Test("without enough CPU every typical GPU pod sees all free GPU-milli as fragment")
    func lackOfCPU() {
        // A lacks CPU (Q4), B lacks both (Q1), C fits (XL): 1900 in all.
        #expect(abs(fragment(model, cpuLeft: 3000, free: [300, 1000, 600, 0]) - 1900) < 1e-9)
    }

    @Test("an idle node fragments only what CPU-only typical pods leave: 0.2 x 4000")
    func idleNode() {
        #expect(abs(fragment(model, cpuLeft: 64_000, free: [1000, 1000, 1000, 1000]) - 800) < 1e-9)
        #expect(fragment(model, cpuLeft: 64_000, free: [0, 0]) == 0)
    }

    @Test("a typical pod restricted to another GPU model counts everything (class NA)")
    func modelNotAccessible() {
        let restricted = FragmentationModel(typicalPods: [
            .init(cpu: 1000, gpuMilli: 500, gpuCount: 1, modelMask: 1 << 1, frequency: 1)
        ])
        #expect(fragment(restricted, cpuLeft: 8000, free: [1000, 200], modelID: 0) == 1200)
        #expect(fragment(restricted, cpuLeft: 8000, free: [1000, 200], modelID: 1) == 200)
    }

    @Test("typical pods: most popular shapes until 95 % of pods, renormalised when cut")
    func typicalPods() throws {
        let models: [String] = []
        func pod(_ cpu: Int64, _ gpus: Int32, _ milli: Int32) -> CompiledPod {
            CompiledPod(PodTemplate(cpuMillicores: cpu, gpuCount: gpus, gpuMilliPerGPU: milli), models: models)
        }
        let workload = [(pod: pod(1000, 1, 500), count: 6), (pod(2000, 0, 0), 3), (pod(4000, 8, 1000), 1)]
        let all = FragmentationModel(workload: workload)
        #expect(all.typicalPods.map(\.cpu) == [1000, 2000, 4000])
        #expect(all.typicalPods.map(\.frequency) == [0.6, 0.3, 0.1])
        #expect(all.typicalPods[1].gpuMilli == 0)
        let cut = FragmentationModel(workload: workload, thresholdPercent: 90)
        #expect(cut.typicalPods.count == 2)
        let share = try #require(cut.typicalPods.first?.frequency)
        #expect(abs(share - 2.0 / 3) < 1e-12)
    }

    @Test("arrival-only runs record gpu_fragmentation_vs_arrived and the 100 % summary metric")
    func packingCurveColumn() throws {
        // One node with two GPUs. a (600 m) takes device 0, b (600 m) device 1, c (800 m) finds no room.
        // Typical pods: 600 m (2/3) and 800 m (1/3). After a, free [400, 1000]: both fit, only the 400 counts,
        // 20 % of 2000. At 100 % arrived, free [400, 400]: neither fits, 800 counts, 40 %.
        let nodes = [node("g", cpu: 8000, memory: 64 * GiB, gpus: 2)]
        let jobs = [
            job("a", at: 0, cpu: 1000, gpus: 1, gpuMilli: 600, runFor: nil),
            job("b", at: 0, cpu: 1000, gpus: 1, gpuMilli: 600, runFor: nil),
            job("c", at: 0, cpu: 1000, gpus: 1, gpuMilli: 800, runFor: nil),
        ]
        let result = Simulation.run(
            SimulationInput(cluster: cluster(nodes), jobs: jobs, mode: .arrivalOnly, checksInvariants: true))
        let column = try #require(result.series.columns.first { $0.name == "gpu_fragmentation_vs_arrived" })
        #expect(column.values.count == 131)
        #expect(abs(column.values[30] - 20) < 1e-9)
        #expect(abs(column.values[60] - 40) < 1e-9)
        #expect(abs((result.metric("gpu_fragmentation_at_100pct_arrived") ?? -1) - 40) < 1e-9)
        #expect(result.metric("gpu_allocation_at_100pct_arrived") == 60)
    }

    @Test("the per-node cache recomputes exactly the nodes that changed")
    func cacheFollowsChanges() {
        var state = ClusterState(
            spec: cluster([node("a", cpu: 8000, memory: GiB, gpus: 2), node("b", cpu: 8000, memory: GiB, gpus: 1)]))
        var cache = FragmentationCache(nodeCount: state.nodeCount)
        // a: only the CPU-only share, 0.2 x 2000; b: B lacks a second GPU (0.3 x 1000) plus 0.2 x 1000.
        #expect(abs(cache.clusterFragmentedMilli(state: state, model: model) - 900) < 1e-9)
        let share = CompiledPod(
            PodTemplate(cpuMillicores: 1000, gpuCount: 1, gpuMilliPerGPU: 700), models: state.gpuModels)
        _ = state.bind(share, on: 1)
        // b: free [300], 7 CPU left: A lacks GPU (Q2, 0.5 x 300), B lacks both (Q1), C fits: all 300 count.
        let fresh = model.fragmentedMilli(node: 0, state: state) + model.fragmentedMilli(node: 1, state: state)
        #expect(cache.clusterFragmentedMilli(state: state, model: model) == fresh)
        #expect(abs(fresh - (400 + 300)) < 1e-9)
    }
}
