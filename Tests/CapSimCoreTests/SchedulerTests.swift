import Testing

@testable import CapSimCore

/// Worked examples of ../shared/docs/k8s-semantics.md section 4, with the numbers stated there.
@Suite struct SchedulerTests {
    @Test("example 1: LeastAllocated truncates 37 / 68 / 52")
    func leastAllocatedTruncation() {
        #expect(NodeResourcesFit.leastAllocated(requested: 2500, allocatable: 4000) == 37)
        #expect(NodeResourcesFit.leastAllocated(requested: 5 * GiB, allocatable: 16 * GiB) == 68)
        var state = ClusterState(spec: cluster([node("n", cpu: 4000, memory: 16 * GiB)]))
        occupy(&state, node: 0, cpu: 1000, memory: 4 * GiB)
        let scheduler = Scheduler(configuration: .default, state: state)
        let rows = scheduler.explainScores(
            for: PodTemplate(cpuMillicores: 1500, memoryBytes: 1 * GiB), state: state)
        #expect(rows.map(\.fit) == [52])
    }

    @Test("example 2: MostAllocated 62 / 31 / 46")
    func mostAllocated() {
        #expect(NodeResourcesFit.mostAllocated(requested: 2500, allocatable: 4000) == 62)
        #expect(NodeResourcesFit.mostAllocated(requested: 5 * GiB, allocatable: 16 * GiB) == 31)
        var state = ClusterState(spec: cluster([node("n", cpu: 4000, memory: 16 * GiB)]))
        occupy(&state, node: 0, cpu: 1000, memory: 4 * GiB)
        var config = SchedulerConfiguration.default
        config.scoringStrategy = .mostAllocated
        let rows = Scheduler(configuration: config, state: state).explainScores(
            for: PodTemplate(cpuMillicores: 1500, memoryBytes: 1 * GiB), state: state)
        #expect(rows.map(\.fit) == [46])
    }

    @Test("example 3: a pod with no requests fits, scores with 100m/200MiB (85), BalancedAllocation skips it")
    func zeroRequestPod() {
        let state = ClusterState(spec: cluster([node("n", cpu: 1000, memory: 1 * GiB)]))
        let scheduler = Scheduler(configuration: .default, state: state)
        let empty = PodTemplate()
        #expect(scheduler.filterFailure(for: empty, node: 0, state: state) == nil)
        let rows = scheduler.explainScores(for: empty, state: state)
        #expect(rows.map(\.fit) == [85])
        #expect(rows.map(\.balancedAllocation) == [0])
        #expect(rows.map(\.total) == [85])
    }

    @Test("example 6: BalancedAllocation v1.35 = 75, v1.36 = 72")
    func balancedAllocationVersions() {
        var state = ClusterState(spec: cluster([node("n", cpu: 4000, memory: 8 * GiB)]))
        occupy(&state, node: 0, cpu: 2000, memory: 1 * GiB)
        let pod = PodTemplate(cpuMillicores: 1000, memoryBytes: 1 * GiB)
        var config = SchedulerConfiguration.default
        config.kubernetesVersion = .v1_35
        #expect(
            Scheduler(configuration: config, state: state).explainScores(for: pod, state: state)[0].balancedAllocation
                == 75)
        config.kubernetesVersion = .v1_36
        #expect(
            Scheduler(configuration: config, state: state).explainScores(for: pod, state: state)[0].balancedAllocation
                == 72)
        #expect(BalancedAllocation.balance([0.5, 0.125]) == 81)
    }

    @Test("example 7: three-resource balance 76; without a GPU request the GPU entry is skipped")
    func balancedThreeResources() {
        #expect(BalancedAllocation.balance([0.5, 0.5, 1.0]) == 76)
    }

    @Test("example 8: node B wins 138 to 122 (legacy 161 to 125)")
    func combiningScores() {
        var state = ClusterState(
            spec: cluster([node("A", cpu: 4000, memory: 8 * GiB), node("B", cpu: 8000, memory: 16 * GiB)]))
        occupy(&state, node: 0, cpu: 2000, memory: 1 * GiB)
        occupy(&state, node: 1, cpu: 2000, memory: 4 * GiB)
        let pod = PodTemplate(cpuMillicores: 1000, memoryBytes: 1 * GiB)
        let rows = Scheduler(configuration: .default, state: state).explainScores(for: pod, state: state)
        #expect(rows.map(\.fit) == [50, 65])
        #expect(rows.map(\.balancedAllocation) == [72, 73])
        #expect(rows.map(\.total) == [122, 138])
        var legacy = SchedulerConfiguration.default
        legacy.kubernetesVersion = .v1_35
        let legacyRows = Scheduler(configuration: legacy, state: state).explainScores(for: pod, state: state)
        #expect(legacyRows.map(\.total) == [125, 161])
        var scheduler = Scheduler(configuration: .default, state: state)
        guard case .placed(let chosen) = scheduler.schedule(CompiledPod(pod, models: []), state: state) else {
            Issue.record("pod was not placed")
            return
        }
        #expect(chosen == 1)
    }

    @Test(
        "example 9: adaptive percentageOfNodesToScore",
        arguments: [(50, 50), (150, 100), (1000, 420), (5000, 500), (6000, 300), (20000, 1000)])
    func feasibleNodesToFind(nodes: Int, expected: Int) {
        #expect(SchedulerConfiguration.numFeasibleNodesToFind(nodeCount: nodes, percentage: 0) == expected)
    }

    @Test("percentageOfNodesToScore 100 searches every node")
    func exhaustiveSearch() {
        #expect(SchedulerConfiguration.numFeasibleNodesToFind(nodeCount: 1213, percentage: 100) == 1213)
        #expect(SchedulerConfiguration.numFeasibleNodesToFind(nodeCount: 1213, percentage: 0) == 497)
    }

    @Test("example 11: PrioritySort pops prio 200, then prio 100 @3s, then prio 100 @5s")
    func queueOrder() {
        var queue = SchedulingQueue()
        queue.push(pod: 0, priority: 100, timestamp: 5000)
        queue.push(pod: 1, priority: 100, timestamp: 3000)
        queue.push(pod: 2, priority: 200, timestamp: 9000)
        #expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()] == [2, 1, 0, nil])
    }

    @Test("example 12: 600m on 500m free is Insufficient cpu (resolvable); 5000m on 4000m is unresolvable")
    func insufficientCPU() {
        var state = ClusterState(spec: cluster([node("n", cpu: 4000, memory: 16 * GiB)]))
        occupy(&state, node: 0, cpu: 3500, memory: 0)
        let scheduler = Scheduler(configuration: .default, state: state)
        let small = PodTemplate(cpuMillicores: 600)
        #expect(scheduler.filterFailure(for: small, node: 0, state: state) == "Insufficient cpu")
        #expect(NodeResourcesFit.fitsEmpty(CompiledPod(small, models: []), node: 0, state: state))
        let big = PodTemplate(cpuMillicores: 5000)
        #expect(!NodeResourcesFit.fitsEmpty(CompiledPod(big, models: []), node: 0, state: state))
    }

    @Test("C02 B: MostAllocated over nvidia.com/gpu only gives a CPU-only pod 0 on every node")
    func gpuOnlyScoringIgnoresCPUPods() {
        let state = ClusterState(
            spec: cluster([
                node("g1", cpu: 64000, memory: 512 * GiB, gpus: 8), node("g2", cpu: 64000, memory: 512 * GiB, gpus: 8),
            ]))
        var config = SchedulerConfiguration.default
        config.scoringStrategy = .mostAllocated
        config.fitResources = [.gpu: 1]
        let rows = Scheduler(configuration: config, state: state).explainScores(
            for: PodTemplate(cpuMillicores: 4000), state: state)
        #expect(rows.map(\.fit) == [0, 0])
    }

    @Test("GPU filter: shared pods need one device with enough GPU-milli, whole pods need idle devices")
    func gpuDeviceFilter() {
        var state = ClusterState(spec: cluster([node("g", cpu: 64000, memory: 256 * GiB, gpus: 2, model: "T4")]))
        let models = state.gpuModels
        let share600 = CompiledPod(PodTemplate(gpuCount: 1, gpuMilliPerGPU: 600), models: models)
        let share500 = CompiledPod(PodTemplate(gpuCount: 1, gpuMilliPerGPU: 500), models: models)
        let whole = CompiledPod(PodTemplate(gpuCount: 1), models: models)
        _ = state.bind(share600, on: 0)
        _ = state.bind(share600, on: 0)
        // 400 + 400 free: 800 in total, but no single device has 500.
        #expect(NodeResourcesFit.filter(share500, node: 0, state: state) == .insufficientGPU)
        #expect(NodeResourcesFit.filter(whole, node: 0, state: state) == .insufficientGPU)
        let wrongModel = CompiledPod(PodTemplate(gpuCount: 1, gpuMilliPerGPU: 100, gpuModels: ["A100"]), models: models)
        #expect(NodeResourcesFit.filter(wrongModel, node: 0, state: state) == .gpuModel)
        #expect(state.invariantViolation() == nil)
        #expect(state.usedGPUMilli == 1200)
    }

    @Test("shared pods go to the best-fitting device")
    func bestFitDevice() {
        var state = ClusterState(spec: cluster([node("g", cpu: 64000, memory: 256 * GiB, gpus: 3)]))
        let models = state.gpuModels
        _ = state.bind(CompiledPod(PodTemplate(gpuCount: 1, gpuMilliPerGPU: 300), models: models), on: 0)
        _ = state.bind(CompiledPod(PodTemplate(gpuCount: 1), models: models), on: 0)  // takes device 1 (idle)
        // device 0 has 700 free, device 2 has 1000: a 500 pod takes device 0.
        let mask = state.bind(CompiledPod(PodTemplate(gpuCount: 1, gpuMilliPerGPU: 500), models: models), on: 0)
        #expect(mask == 1)
        #expect(state.gpuFree == [200, 0, 1000])
    }
}
