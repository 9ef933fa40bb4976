import Testing

@testable import CapSimCore

/// End-to-end runs of small clusters through the event loop, with outcomes from ../shared/docs/cases.md.
@Suite struct SimulationTests {
    private func run(_ nodes: [NodeSpec], _ jobs: [JobSpec], scheduler: SchedulerConfiguration = .default)
        -> SimulationResult
    {
        Simulation.run(
            SimulationInput(cluster: cluster(nodes), scheduler: scheduler, jobs: jobs, checksInvariants: true))
    }

    @Test("C01: 4 free GPUs scattered over 3 nodes do not host a 4-GPU pod; it binds when the node empties at 10h")
    func scatteredGPUs() throws {
        let nodes = (1...3).map { node("n\($0)", cpu: 64000, memory: 512 * GiB, gpus: 8) }
        let tenHours: Int64 = 36000
        // The running pods are pinned with nodeSelector: a, b, c on n1; d, e on n2; f, g, h on n3.
        var jobs = [
            job("a", at: 0, gpus: 4, runFor: tenHours, on: "n1"), job("b", at: 0, gpus: 2, runFor: tenHours, on: "n1"),
            job("c", at: 0, gpus: 1, runFor: tenHours, on: "n1"), job("d", at: 0, gpus: 4, runFor: tenHours, on: "n2"),
            job("e", at: 0, gpus: 2, runFor: tenHours, on: "n2"), job("f", at: 0, gpus: 4, runFor: tenHours, on: "n3"),
            job("g", at: 0, gpus: 2, runFor: tenHours, on: "n3"), job("h", at: 0, gpus: 1, runFor: tenHours, on: "n3"),
        ]
        jobs.append(job("P", at: 60, cpu: 8000, memory: 64 * GiB, gpus: 4, runFor: 3600))
        let result = run(nodes, jobs)
        let free = result.jobs.filter { $0.name != "P" }.reduce(Int64(24_000)) { $0 - $1.gpuMilli }
        #expect(free == 4000)
        let p = try #require(result.job("P"))
        #expect(p.startMilliseconds == tenHours * 1000)
        #expect(p.queueMilliseconds == tenHours * 1000 - 60_000)
        #expect(p.state == .succeeded)
        // While P waits, the 4 free GPUs (1 + 2 + 1 per node) are all fragmented: no node has the 4 P needs.
        let fragmented = try #require(result.series.columns.first { $0.name == "fragmented_gpus" })
        let atOneHour = try #require(result.series.times.firstIndex(of: 3_600_000))
        #expect(fragmented.values[atOneHour] == 4)
        #expect(fragmented.values.last == 0)
    }

    @Test("C02 A (i): LeastAllocated spreads 1-GPU pods, so an 8-GPU pod waits about 10h")
    func spreadingFragments() throws {
        let nodes = [
            node("g1", cpu: 64000, memory: 512 * GiB, gpus: 8), node("g2", cpu: 64000, memory: 512 * GiB, gpus: 8),
        ]
        var jobs = (0..<4).map { job("p\($0 + 1)", at: Int64($0), cpu: 8000, memory: 32 * GiB, gpus: 1, runFor: 36000) }
        jobs.append(job("big", at: 10, cpu: 32000, memory: 256 * GiB, gpus: 8, runFor: 3600))
        let result = run(nodes, jobs)
        let nodesUsed = Set(result.jobs.prefix(4).compactMap(\.node))
        #expect(nodesUsed == ["g1", "g2"])
        let big = try #require(result.job("big"))
        // Both pods of one node finish at 10h + 2 s or 10h + 3 s.
        #expect(big.startMilliseconds == 36002_000 || big.startMilliseconds == 36003_000)
    }

    @Test("C02 A (ii): MostAllocated with nvidia.com/gpu weight 3 packs, so the 8-GPU pod starts at once")
    func packingAvoidsFragmentation() throws {
        let nodes = [
            node("g1", cpu: 64000, memory: 512 * GiB, gpus: 8), node("g2", cpu: 64000, memory: 512 * GiB, gpus: 8),
        ]
        var jobs = (0..<4).map { job("p\($0 + 1)", at: Int64($0), cpu: 8000, memory: 32 * GiB, gpus: 1, runFor: 36000) }
        jobs.append(job("big", at: 10, cpu: 32000, memory: 256 * GiB, gpus: 8, runFor: 3600))
        var config = SchedulerConfiguration.default
        config.scoringStrategy = .mostAllocated
        config.fitResources = [.cpu: 1, .memory: 1, .gpu: 3]
        let result = run(nodes, jobs, scheduler: config)
        #expect(Set(result.jobs.prefix(4).compactMap(\.node)).count == 1)
        let big = try #require(result.job("big"))
        #expect(big.queueMilliseconds == 0)
    }

    @Test("C03: a GPU stays allocated while its pod exists; w5 waits from 100 s until w4 is deleted at 500 s")
    func gpuHeldUntilPodDeleted() throws {
        let nodes = [node("n1", cpu: 32000, memory: 128 * GiB, gpus: 4)]
        var jobs = (1...3).map { job("w\($0)", at: 0, gpus: 1, runFor: 36000) }
        jobs.append(job("w4", at: 0, gpus: 1, runFor: 500))
        jobs.append(job("w5", at: 100, gpus: 1, runFor: 60))
        let result = run(nodes, jobs)
        let w5 = try #require(result.job("w5"))
        #expect(w5.startMilliseconds == 500_000)
        #expect(w5.queueMilliseconds == 400_000)
        // Allocation is 4/4 during the whole window: the series at 5-minute steps shows 100 % at t = 300 s.
        let gpu = try #require(result.series.columns.first { $0.name == "gpu_allocation" })
        #expect(result.series.times[1] == 300_000)
        #expect(gpu.values[1] == 100)
    }

    @Test("C31: a node with one GPU runs one GPU pod at a time; two whole-GPU pods take two nodes")
    func wholeGPUsNotShared() throws {
        let nodes = [node("a", cpu: 8000, memory: 8 * GiB, gpus: 1), node("b", cpu: 8000, memory: 8 * GiB, gpus: 1)]
        let result = run(
            nodes,
            [
                job("half1", at: 0, gpus: 1, runFor: 60), job("half2", at: 0, gpus: 1, runFor: 60),
                job("third", at: 0, gpus: 1, runFor: 60),
            ])
        #expect(Set(result.jobs.prefix(2).compactMap(\.node)) == ["a", "b"])
        #expect(result.job("third")?.startMilliseconds == 60_000)
    }

    @Test("Q1: three pods of 1.3 CPU fit exactly on 3900m; a fourth waits")
    func exactCPUArithmetic() throws {
        let cpu = try Quantity.cpuMillicores("1.3")
        let nodes = [node("n", cpu: try Quantity.cpuMillicores("3900m"), memory: 8 * GiB)]
        let jobs = (1...4).map { job("p\($0)", at: 0, cpu: cpu, runFor: 100) }
        let result = run(nodes, jobs)
        #expect(result.jobs.map(\.startMilliseconds) == [0, 0, 0, 100_000])
    }

    @Test("a pod that no node can ever hold is reported unplaceable and never blocks others")
    func unplaceable() throws {
        let nodes = [node("n", cpu: 4000, memory: 8 * GiB, gpus: 1)]
        let jobs = [job("huge", at: 0, cpu: 5000), job("gpus", at: 0, gpus: 2), job("ok", at: 1, cpu: 1000)]
        let result = run(nodes, jobs)
        #expect(result.job("huge")?.state == .unplaceable)
        #expect(result.job("gpus")?.state == .unplaceable)
        #expect(result.job("ok")?.state == .succeeded)
        #expect(result.metric("jobs_unplaceable") == 2)
        #expect(result.job("huge")?.reason == "Insufficient cpu on every node (requests 5000m, largest node 4000m)")
        #expect(result.job("gpus")?.reason == "Insufficient nvidia.com/gpu on every node (requests 2, largest node 1)")
        let none = Simulation.run(SimulationInput(cluster: cluster(nodes), jobs: [job("huge", at: 0, cpu: 5000)]))
        #expect(none.metric("queue_time_p50")?.isNaN == true)
        #expect(none.metric("makespan")?.isNaN == true)
    }

    @Test("C13: no head-of-line blocking: L (prio 0) binds at t=2 while H (prio 1000) waits for S (prio 2000)")
    func noHeadOfLineBlocking() throws {
        let nodes = [node("n1", cpu: 16000, memory: 64 * GiB)]
        let jobs = [
            job("S", at: 0, cpu: 10000, runFor: 100, priority: 2000),
            job("H", at: 1, cpu: 12000, runFor: 50, priority: 1000),
            job("L", at: 2, cpu: 4000, runFor: 500, priority: 0),
        ]
        let result = run(nodes, jobs)
        #expect(result.job("L")?.startMilliseconds == 2000)
        #expect(result.job("L")?.queueMilliseconds == 0)
        #expect(result.job("H")?.startMilliseconds == 100_000)
        #expect(result.job("H")?.queueMilliseconds == 99_000)
        #expect(result.job("H")?.endMilliseconds == 150_000)
        #expect(result.metric("pods_preempted") == 0)
    }

    @Test("preemption: a high-priority pod evicts a lower one, which keeps its CPU for the 30 s grace period")
    func preemptionWithGracePeriod() throws {
        let nodes = [node("n", cpu: 4000, memory: 8 * GiB)]
        let jobs = [
            job("low", at: 0, cpu: 3000, runFor: 100, priority: 0),
            job("high", at: 2, cpu: 2000, runFor: 50, priority: 100),
        ]
        let result = run(nodes, jobs)
        #expect(result.job("high")?.startMilliseconds == 32_000)
        #expect(result.job("low")?.preemptions == 1)
        // low restarts after high leaves at 82 s and runs its full 100 s again.
        #expect(result.job("low")?.endMilliseconds == 182_000)
        #expect(result.metric("pods_preempted") == 1)
    }

    @Test("preemptionPolicy Never waits instead of preempting")
    func preemptionPolicyNever() throws {
        let nodes = [node("n", cpu: 4000, memory: 8 * GiB)]
        var high = job("high", at: 2, cpu: 2000, runFor: 50, priority: 100)
        high.pod.preemptionPolicy = .never
        let result = run(nodes, [job("low", at: 0, cpu: 3000, runFor: 100), high])
        #expect(result.job("high")?.startMilliseconds == 100_000)
        #expect(result.metric("pods_preempted") == 0)
    }

    @Test("metrics: percentiles, makespan and time-weighted GPU allocation computed by hand")
    func summaryMetrics() throws {
        let nodes = [node("n", cpu: 8000, memory: 8 * GiB, gpus: 2)]
        // j1: 2 GPUs for 100 s; j2 waits 100 s then 1 GPU for 100 s. Mean GPU allocation over 200 s:
        // (2 * 100 + 1 * 100) / (2 * 200) = 75 %.
        let jobs = [job("j1", at: 0, gpus: 2, runFor: 100), job("j2", at: 0, gpus: 1, runFor: 100)]
        let result = run(nodes, jobs)
        #expect(result.metric("gpu_allocation_mean") == 75)
        #expect(result.metric("makespan") == 200)
        #expect(result.metric("queue_time_p50") == 0)
        #expect(result.metric("queue_time_p99") == 100)
        #expect(result.metric("jct_p50") == 100)
        #expect(result.metric("jct_p90") == 200)
        #expect(result.metric("gpu_allocation_peak") == 100)
    }

    @Test("nearest-rank percentile")
    func percentile() {
        let samples: [Int64] = [15, 20, 35, 40, 50]
        #expect(Percentile.nearestRank(5, of: samples) == 15)
        #expect(Percentile.nearestRank(30, of: samples) == 20)
        #expect(Percentile.nearestRank(40, of: samples) == 20)
        #expect(Percentile.nearestRank(50, of: samples) == 35)
        #expect(Percentile.nearestRank(100, of: samples) == 50)
        #expect(Percentile.nearestRank(50, of: []) == nil)
    }

    @Test("horizon: jobs still running or waiting at the end are reported as such")
    func horizon() throws {
        let nodes = [node("n", cpu: 1000, memory: 1 * GiB)]
        let jobs = [job("a", at: 0, cpu: 1000, runFor: 1000), job("b", at: 0, cpu: 1000, runFor: 10)]
        var input = SimulationInput(cluster: cluster(nodes), jobs: jobs, checksInvariants: true)
        input.horizon = SimTime(milliseconds: 500_000)
        let result = Simulation.run(input)
        #expect(result.job("a")?.state == .running)
        #expect(result.job("b")?.state == .pending)
        #expect(result.endMilliseconds == 500_000)
        #expect(result.metric("jobs_pending_at_end") == 1)
    }

    @Test("parallel jobs start with their first pod and end with their last")
    func parallelJob() throws {
        let nodes = [node("n", cpu: 2000, memory: 8 * GiB)]
        let spec = JobSpec(
            name: "par", workload: "w", submitTime: .zero, parallelism: 3, durationMilliseconds: 10_000,
            pod: PodTemplate(cpuMillicores: 1000))
        let result = run(nodes, [spec])
        let record = try #require(result.job("par"))
        #expect(record.startMilliseconds == 0)
        #expect(record.endMilliseconds == 20_000)
    }
}
