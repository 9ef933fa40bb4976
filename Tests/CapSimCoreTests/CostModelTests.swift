import Testing

@testable import CapSimCore

/// The cost model: OpenCost allocation and idle cost, Appendix A price scaling, labor and disruption.
@Suite struct CostModelTests {
    private let hour: Int64 = 3_600_000

    /// `|a - b| <= 1e-9 * max(1, |b|)`.
    private func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    /// One 8 vCPU / 32 GiB / 1 GPU node priced at exactly the OpenCost default unit prices.
    private let defaultPricedNode = CostModel.ResourceHours(cpuCoreHours: 8, memoryGiBHours: 32, gpuHours: 1)

    @Test("k8s-semantics worked example 24: OpenCost allocation over 10 h at default prices")
    func workedExample24() {
        // Node price at default prices: 8 × 0.031611 + 32 × 0.004237 + 0.95 = 1.338472 USD/h, so the Appendix A
        // scaling factor is 1 and the pool's unit prices are the defaults.
        let pool = CostModel.Pool(
            name: "node", nodeHours: 10, pricePerNodeHourUSD: 1.338472, node: defaultPricedNode)
        // Requests 2 CPU / 4 GiB / 1 GPU, usage 3 CPU / 2 GiB: OpenCost bills max(request, usage).
        let billed = CostModel.ResourceHours.billed(
            requested: .init(cpuCoreHours: 2, memoryGiBHours: 4, gpuHours: 1),
            used: .init(cpuCoreHours: 3, memoryGiBHours: 2, gpuHours: 0), hours: 10)
        let model = CostModel(
            pools: [pool], spanHours: 10, workloads: [.init(name: "c", hoursByPool: [billed])])
        let prices = model.unitPrices(of: pool)
        #expect(
            close(prices.cost(of: .init(cpuCoreHours: billed.cpuCoreHours, memoryGiBHours: 0, gpuHours: 0)), 0.94833))
        #expect(
            close(prices.cost(of: .init(cpuCoreHours: 0, memoryGiBHours: billed.memoryGiBHours, gpuHours: 0)), 0.16948))
        #expect(close(prices.cost(of: .init(cpuCoreHours: 0, memoryGiBHours: 0, gpuHours: billed.gpuHours)), 9.5))
        let costs = model.evaluate()
        #expect(close(costs.allocations.first?.costUSD, 10.61781))
        #expect(close(costs.infrastructureUSD, 13.38472))
        #expect(close(costs.idleUSD, 2.76691))
        // Idle share of the node: 2.76691 / 13.38472 ≈ 20.7 %.
        #expect(abs(costs.idleUSD / costs.infrastructureUSD - 0.207) < 0.0005)
    }

    @Test("Appendix A: unit prices keep their ratio and sum to the node price")
    func appendixAScaling() {
        // The spec's own example: 1 GPU, 1 CPU, 1 GB for 35 USD/month with base prices 30, 30, 10 -> 15, 15, 5.
        let base = CostModel.UnitPrices(cpuCoreHourUSD: 30, memoryGiBHourUSD: 10, gpuHourUSD: 30)
        let spec = base.scaled(toNodePriceUSD: 35, cpuCores: 1, memoryGiB: 1, gpus: 1)
        #expect(spec == CostModel.UnitPrices(cpuCoreHourUSD: 15, memoryGiBHourUSD: 5, gpuHourUSD: 15))

        // g5.xlarge (4 vCPU, 16 GiB, 1 A10G) at 1.006 USD/h (defaults-and-sources §8.1), OpenCost default prices:
        //   base   = 4 × 0.031611 + 16 × 0.004237 + 1 × 0.95 = 0.126444 + 0.067792 + 0.95 = 1.144236 USD/h
        //   factor = 1.006 / 1.144236 = 0.879189258...
        //   CPU 0.031611 × factor = 0.027792052, RAM 0.004237 × factor = 0.003725125, GPU 0.95 × factor = 0.835229795
        let g5 = CostModel.UnitPrices.openCostDefaults.scaled(
            toNodePriceUSD: 1.006, cpuCores: 4, memoryGiB: 16, gpus: 1)
        #expect(abs(g5.cpuCoreHourUSD - 0.027792052) < 1e-9)
        #expect(abs(g5.memoryGiBHourUSD - 0.003725125) < 1e-9)
        #expect(abs(g5.gpuHourUSD - 0.835229795) < 1e-9)
        #expect(close(g5.cost(of: .init(cpuCoreHours: 4, memoryGiBHours: 16, gpuHours: 1)), 1.006))
        #expect(close(g5.gpuHourUSD / g5.cpuCoreHourUSD, 0.95 / 0.031611))
        // A free node has free resources.
        let free = CostModel.UnitPrices.openCostDefaults.scaled(toNodePriceUSD: 0, cpuCores: 4, memoryGiB: 16, gpus: 1)
        #expect(free == CostModel.UnitPrices(cpuCoreHourUSD: 0, memoryGiBHourUSD: 0, gpuHourUSD: 0))
    }

    @Test("labor, control plane and disruption arithmetic with the default settings")
    func laborAndDisruptionDefaults() {
        // 10 CPU nodes for one month (730 h), 2 node failures, 3 upgrade rounds:
        //   labor hours = 40 × 1 month + 1 × 10 node-months + 6 × 2 + 50 × 3 = 40 + 10 + 12 + 150 = 212 h
        //   labor       = 212 × 90 = 19,080 USD; control plane = 0.10 × 730 = 73 USD
        //   disruption  = (3 + 5) GPU-h × 2.5 USD/GPU-h = 20 USD
        let pool = CostModel.Pool(
            name: "cpu", nodeHours: 10 * 730, pricePerNodeHourUSD: 0,
            node: .init(cpuCoreHours: 32, memoryGiBHours: 128, gpuHours: 0))
        let model = CostModel(
            pools: [pool], spanHours: 730, nodeFailures: 2, upgradeRounds: 3, lostWorkGPUHours: 3,
            outOfServiceGPUHours: 5, settings: CostSettings(gpuHourRateUSD: 2.5))
        let costs = model.evaluate()
        #expect(close(costs.laborHours, 212))
        #expect(close(costs.laborUSD, 19_080))
        #expect(close(costs.controlPlaneUSD, 73))
        #expect(close(costs.disruptionUSD, 20))
        #expect(close(costs.totalUSD, 19_080 + 73 + 20))
        #expect(costs.totalPerAllocatedGPUHourUSD == nil)
    }

    @Test("the derived GPU-hour rate is Σ pool price over Σ pool GPUs, GPU pools only")
    func derivedGPUHourRate() {
        // quickstart pools: 2 × 8 A100 at 32.77, 6 × 4 L4 at 4.60, 4 CPU-only nodes at 1.536 (ignored):
        //   (2 × 32.77 + 6 × 4.60) / (2 × 8 + 6 × 4) = (65.54 + 27.6) / 40 = 2.3285 USD/GPU-h
        func nodes(_ prefix: String, pool: Int, count: Int, cpu: Int64, memory: Int64, gpus: Int32) -> [NodeSpec] {
            (0..<count).map {
                NodeSpec(
                    name: "\(prefix)\($0)", poolIndex: pool, cpuMillicores: cpu, memoryBytes: memory, gpuCount: gpus,
                    gpuModel: gpus > 0 ? prefix : "")
            }
        }
        let cluster = ClusterSpec(
            pools: [
                NodePoolSpec(name: "a100", count: 2, pricePerHourUSD: 32.77),
                NodePoolSpec(name: "l4", count: 6, pricePerHourUSD: 4.60),
                NodePoolSpec(name: "cpu", count: 4, pricePerHourUSD: 1.536),
            ],
            nodes: nodes("a100", pool: 0, count: 2, cpu: 96_000, memory: 1024 * GiB, gpus: 8)
                + nodes("l4", pool: 1, count: 6, cpu: 48_000, memory: 192 * GiB, gpus: 4)
                + nodes("cpu", pool: 2, count: 4, cpu: 32_000, memory: 128 * GiB, gpus: 0))
        let model = CostModel(pools: CostModel.pools(of: cluster, spanHours: 1), spanHours: 1)
        #expect(close(model.gpuHourRateUSD, 2.3285))
        #expect(close(model.evaluate().infrastructureUSD, 65.54 + 27.6 + 4 * 1.536))
        let cpuOnly = CostModel(pools: [model.pools[2]], spanHours: 1)
        #expect(cpuOnly.gpuHourRateUSD == 0)
    }

    @Test("a tiny run: labor, disruption, allocation and idle computed by hand")
    func tinyRun() throws {
        // One node (8 CPU, 32 GiB, 1 GPU) at 1 USD/h for 19 h. One job: 2 CPU / 4 GiB / 1 GPU for 10 h,
        // checkpointing hourly. The node fails every 2.5 h of uptime and takes 1 h to repair: failures at 2.5, 6,
        // 9.5, 13 and 16.5 h (5 failures, 5 h down). The job runs 0-2.5, 3.5-6, 7-9.5, 10.5-13, 14-16 h: 12 h on the
        // node, and each of its 4 interruptions loses 0.5 h of work (2 GPU-h).
        //   infrastructure = 1 node × 19 h × 1 USD = 19; control plane = 0.10 × 19 = 1.9
        //   labor hours    = 73 × 19/730 + 36.5 × 19/730 + 6 × 5 = 1.9 + 0.95 + 30 = 32.85 h; × 100 USD = 3,285
        //   GPU-hour rate  = 1 USD / 1 GPU = 1; disruption = (2 + 5) × 1 = 7
        //   allocation     = 12 h × (2 × 0.031611 + 4 × 0.004237 + 0.95) / 1.338472 (Appendix A factor 1/1.338472)
        //                  = 12.36204 / 1.338472 = 9.235934708; idle = 19 − 9.235934708 = 9.764065292
        //   total          = 19 + 1.9 + 3,285 + 7 = 3,312.9; per allocated GPU-hour 3,312.9 / 12 = 276.075
        let nodes = [node("n", cpu: 8000, memory: 32 * GiB, gpus: 1)]
        var train = job("train", at: 0, cpu: 2000, memory: 4 * GiB, gpus: 1, runFor: 36_000)
        train.checkpointIntervalMilliseconds = hour
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [train], horizon: SimTime(milliseconds: 19 * hour), checksInvariants: true)
        input.failures = [
            NodeFailureModel(poolIndex: 0, timeBetweenFailures: .constant(5 * hour / 2), repairTime: .constant(hour))
        ]
        input.cost = CostSettings(engineerHourlyRateUSD: 100, platformHoursPerMonth: 73, hoursPerNodePerMonth: 36.5)
        let result = Simulation.run(input)
        #expect(result.metric("node_failures") == 5)
        #expect(result.metric("lost_work_gpu_hours") == 2)
        #expect(result.metric("out_of_service_gpu_hours") == 5)
        #expect(close(result.metric("cost_infrastructure"), 19))
        #expect(close(result.metric("cost_control_plane"), 1.9))
        #expect(close(result.metric("cost_labor_hours"), 32.85))
        #expect(close(result.metric("cost_labor"), 3_285))
        #expect(close(result.metric("cost_disruption"), 7))
        #expect(abs((result.metric("cost_workload_w") ?? 0) - 9.235934708) < 1e-8)
        #expect(abs((result.metric("cost_idle") ?? 0) - 9.764065292) < 1e-8)
        #expect(close(result.metric("cost_total"), 3_312.9))
        #expect(close(result.metric("cost_per_gpu_hour_allocated"), 276.075))
    }

    @Test("workload allocations sum to the workload cost: infrastructure = Σ allocations + idle")
    func allocationsSumToWorkloadCost() throws {
        // Two pools: "gpu" (1 node, 8 CPU / 64 GiB / 4 GPU, 8 USD/h) and "cpu" (2 nodes, 4 CPU / 16 GiB, 0.2 USD/h).
        // Team a runs 2 one-GPU jobs for 2 h and 1 for 4 h; team b runs CPU jobs that fit either pool; a third
        // team is still running when the 6 h horizon stops the run (booked up to 6 h).
        let nodes = [
            NodeSpec(
                name: "g", poolIndex: 0, cpuMillicores: 8000, memoryBytes: 64 * GiB, gpuCount: 4, gpuModel: "A100"),
            NodeSpec(name: "c0", poolIndex: 1, cpuMillicores: 4000, memoryBytes: 16 * GiB),
            NodeSpec(name: "c1", poolIndex: 1, cpuMillicores: 4000, memoryBytes: 16 * GiB),
        ]
        let spec = ClusterSpec(
            pools: [
                NodePoolSpec(name: "gpu", count: 1, pricePerHourUSD: 8),
                NodePoolSpec(name: "cpu", count: 2, pricePerHourUSD: 0.2),
            ], nodes: nodes)
        func team(_ name: String, _ spec: JobSpec) -> JobSpec {
            var spec = spec
            spec.workload = name
            return spec
        }
        let jobs = [
            team("a", job("a1", at: 0, cpu: 1000, memory: 8 * GiB, gpus: 1, runFor: 7200)),
            team("a", job("a2", at: 0, cpu: 1000, memory: 8 * GiB, gpus: 1, runFor: 7200)),
            team("a", job("a3", at: 600, cpu: 2000, memory: 8 * GiB, gpus: 1, runFor: 14_400)),
            team("b", job("b1", at: 0, cpu: 3000, memory: 4 * GiB, runFor: 3600)),
            team("b", job("b2", at: 0, cpu: 3000, memory: 4 * GiB, runFor: 3600)),
            team("b", job("b3", at: 0, cpu: 3000, memory: 4 * GiB, runFor: 3600)),
            team("c", job("c1", at: 3600, cpu: 500, memory: 1 * GiB, runFor: 36_000)),
        ]
        let input = SimulationInput(
            cluster: spec, jobs: jobs, horizon: SimTime(milliseconds: 6 * hour), checksInvariants: true)
        let result = Simulation.run(input)
        let a = try #require(result.metric("cost_workload_a"))
        let b = try #require(result.metric("cost_workload_b"))
        let c = try #require(result.metric("cost_workload_c"))
        let idle = try #require(result.metric("cost_idle"))
        // 6 h × (8 + 2 × 0.2) = 50.4 USD.
        #expect(close(result.metric("cost_infrastructure"), 50.4))
        #expect(abs(a + b + c + idle - 50.4) < 1e-9)
        #expect(a > 0 && b > 0 && c > 0 && idle > 0)
        // Team a on the GPU node: factor = 8 / (8 × 0.031611 + 64 × 0.004237 + 4 × 0.95) = 8 / 4.324056;
        // (2 × 2 h × (1 CPU, 8 GiB, 1 GPU) + 4 h × (2 CPU, 8 GiB, 1 GPU)) at default prices:
        // 4 × (0.031611 + 0.033896 + 0.95) + 4 × (0.063222 + 0.033896 + 0.95) = 4.062028 + 4.188472 = 8.2505.
        #expect(abs(a - 8.2505 * 8 / 4.324056) < 1e-9)
        // GPU-hours allocated: 2 + 2 + 4 = 8.
        #expect(close(result.metric("cost_per_gpu_hour_allocated"), (result.metric("cost_total") ?? 0) / 8))
    }

    @Test("an autoscaled node is billed from its provisioning request to its removal")
    func autoscaledNodeHours() throws {
        // As AutoscalerTests.scaleDown: the GPU pool (3 USD/h, size 0) scales up at 10 s and removes its node at
        // 850 s; the static CPU node (1 USD/h) is billed for the whole 2 h: 2 × 1 + 840 s / 3600 × 3 = 2.7 USD.
        var spare = NodeSpec(
            name: "gpu-0000", poolIndex: 1, cpuMillicores: 8000, memoryBytes: 61 * GiB, gpuCount: 1, gpuModel: "T4")
        spare.isProvisioned = false
        var gpuPool = NodePoolSpec(name: "gpu", count: 0, pricePerHourUSD: 3, minSize: 0, maxSize: 1)
        gpuPool.provisioningDelayMilliseconds = 180_000
        let spec = ClusterSpec(
            pools: [NodePoolSpec(name: "cpu", count: 1, pricePerHourUSD: 1), gpuPool],
            nodes: [NodeSpec(name: "cpu-0000", cpuMillicores: 16000, memoryBytes: 64 * GiB), spare])
        let result = Simulation.run(
            SimulationInput(
                cluster: spec, jobs: [job("g", at: 0, gpus: 1, runFor: 60)], horizon: SimTime(milliseconds: 2 * hour),
                checksInvariants: true))
        #expect(result.metric("autoscaler_nodes_removed") == 1)
        #expect(close(result.metric("cost_infrastructure"), 2.7))
        // The pod requests 1 GPU (no CPU or memory) for 60 s, at 0.95 × 3 / (8 × 0.031611 + 61 × 0.004237 + 0.95)
        // = 0.95 × 3 / 1.461345 USD/GPU-h on the T4 node.
        let g = try #require(result.metric("cost_workload_w"))
        #expect(abs(g - 0.95 * 3 / 1.461345 / 60) < 1e-12)
        let idle = try #require(result.metric("cost_idle"))
        #expect(abs(g + idle - 2.7) < 1e-9)
    }

    @Test("cost metrics need a price or a cost section")
    func emittedOnlyWhenPriced() {
        let nodes = [node("n", cpu: 8000, memory: 8 * GiB)]
        var input = SimulationInput(
            cluster: ClusterSpec(pools: [NodePoolSpec(name: "p", count: 1, pricePerHourUSD: 0)], nodes: nodes),
            jobs: [job("j", at: 0, cpu: 1000, runFor: 3600)])
        #expect(Simulation.run(input).metric("cost_total") == nil)
        input.cost = CostSettings()
        let result = Simulation.run(input)
        // 1 h: control plane 0.10 + labor 90 × (40 + 1) / 730.
        #expect(close(result.metric("cost_total"), 0.1 + 90 * 41.0 / 730))
        #expect(result.metric("cost_infrastructure") == 0)
        #expect(result.metric("cost_per_gpu_hour_allocated") == nil)
    }
}
