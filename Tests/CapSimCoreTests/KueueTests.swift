import Testing

@testable import CapSimCore

/// Kueue ClusterQueues: worked example 16 of k8s-semantics.md and case C16 of cases.md.
@Suite struct KueueTests {
    private func cpu(_ cores: Int64) -> QuotaVector { QuotaVector(cpu: cores * 1000) }

    @Test("example 16: borrowing within borrowingLimit, the cohort's unused quota, and lendingLimit")
    func borrowing() {
        var a = ClusterQueueSpec(name: "team-a", cohort: "c", nominal: cpu(9), borrowingLimit: cpu(1))
        var b = ClusterQueueSpec(name: "team-b", cohort: "c", nominal: cpu(12))
        let idle = [QuotaVector(), QuotaVector()]
        #expect(KueueQuota.fit(cpu(10), queue: 0, queues: [a, b], usage: idle) == true)
        #expect(KueueQuota.fit(cpu(11), queue: 0, queues: [a, b], usage: idle) == nil)
        #expect(KueueQuota.fit(cpu(9), queue: 0, queues: [a, b], usage: idle) == false)
        a.borrowingLimit = nil
        #expect(KueueQuota.fit(cpu(21), queue: 0, queues: [a, b], usage: idle) == true)
        #expect(KueueQuota.fit(cpu(22), queue: 0, queues: [a, b], usage: idle) == nil)
        b.lendingLimit = cpu(1)
        #expect(KueueQuota.fit(cpu(10), queue: 0, queues: [a, b], usage: idle) == true)
        #expect(KueueQuota.fit(cpu(11), queue: 0, queues: [a, b], usage: idle) == nil)
        // Without a cohort nothing can be borrowed.
        let alone = ClusterQueueSpec(name: "solo", nominal: cpu(9))
        #expect(KueueQuota.fit(cpu(10), queue: 0, queues: [alone], usage: [QuotaVector()]) == nil)
    }

    private func queued(_ name: String, at seconds: Int64, cores: Int64, queue: Int32, runFor: Int64 = 10_000)
        -> JobSpec
    {
        var spec = job(name, at: seconds, cpu: cores * 1000, runFor: runFor)
        spec.clusterQueue = queue
        spec.workload = name
        return spec
    }

    @Test("C16: B1 (within CQ-B's nominal) is admitted before the older A3 (which would borrow); A3 waits")
    func nonBorrowingFirst() throws {
        let nodes = [node("n", cpu: 64_000, memory: 256 * GiB)]
        var input = SimulationInput(
            cluster: cluster(nodes),
            jobs: [
                queued("A1", at: 0, cores: 12, queue: 0), queued("A2", at: 5, cores: 4, queue: 0),
                queued("A3", at: 50, cores: 4, queue: 0), queued("B1", at: 50, cores: 4, queue: 1),
            ], horizon: SimTime(milliseconds: 1000 * 1000), checksInvariants: true)
        input.clusterQueues = [
            ClusterQueueSpec(name: "cq-a", cohort: "c", nominal: cpu(12)),
            ClusterQueueSpec(name: "cq-b", cohort: "c", nominal: cpu(9)),
        ]
        let result = Simulation.run(input)
        #expect(result.job("A2")?.startMilliseconds == 5_000)
        #expect(result.job("B1")?.startMilliseconds == 50_000)
        // 21 - 12 - 4 - 4 = 1 CPU left: A3 waits until A2 finishes at 10,005 s... beyond the horizon here.
        #expect(result.job("A3")?.startMilliseconds == nil)
        #expect(result.job("A3")?.reason == "waiting for quota in ClusterQueue cq-a")
        #expect(result.metric("jobs_waiting_for_quota_at_end") == 1)
    }

    @Test("StrictFIFO blocks behind a head that does not fit; BestEffortFIFO lets a smaller one in")
    func queueingStrategies() throws {
        let nodes = [node("n", cpu: 64_000, memory: 256 * GiB)]
        for strategy in [ClusterQueueSpec.QueueingStrategy.strictFIFO, .bestEffortFIFO] {
            var input = SimulationInput(
                cluster: cluster(nodes),
                jobs: [
                    queued("running", at: 0, cores: 6, queue: 0), queued("big", at: 1, cores: 6, queue: 0),
                    queued("small", at: 2, cores: 2, queue: 0),
                ], checksInvariants: true)
            input.clusterQueues = [ClusterQueueSpec(name: "q", nominal: cpu(10), queueingStrategy: strategy)]
            let result = Simulation.run(input)
            let small = try #require(result.job("small"))
            #expect(small.startMilliseconds == (strategy == .strictFIFO ? 10_000_000 : 2_000))
            #expect(result.job("big")?.startMilliseconds == 10_000_000)
            #expect(result.metric("quota_wait_p95") ?? 0 > 0)
        }
    }
}

/// Kueue preemption and fair sharing: worked example 17 of k8s-semantics.md.
@Suite struct KueuePreemptionTests {
    /// A GPU-only quota (CPU and memory not covered, so unlimited).
    private func gpus(_ n: Int64) -> QuotaVector {
        QuotaVector(cpu: QuotaVector.unlimited.cpu, memory: QuotaVector.unlimited.memory, gpuMilli: n * 1000)
    }

    @Test("example 17: DRS of a queue borrowing 6 of 20 lendable GPUs is 300 (weight 2: 150)")
    func dominantResourceShare() {
        var b = ClusterQueueSpec(name: "b", cohort: "c", nominal: gpus(10))
        #expect(KueueQuota.dominantResourceShare(usage: gpus(16), queue: b, lendable: gpus(20)) == 300)
        b.fairSharingWeight = 2
        #expect(KueueQuota.dominantResourceShare(usage: gpus(16), queue: b, lendable: gpus(20)) == 150)
        #expect(KueueQuota.dominantResourceShare(usage: gpus(8), queue: b, lendable: gpus(20)) == 0)
    }

    /// A has one 4-GPU workload running, B four (borrowing 6 above its 10); then A submits W.
    private func run(wGPUs: Int64, fairSharing: Bool) -> SimulationResult {
        let nodes = (0..<3).map { node("n\($0)", cpu: 64_000, memory: 256 * GiB, gpus: 8) }
        func workload(_ name: String, at seconds: Int64, gpus count: Int64, queue: Int32) -> JobSpec {
            var spec = JobSpec(
                name: name, workload: name, submitTime: SimTime(milliseconds: seconds * 1000),
                parallelism: Int32(count / 4), durationMilliseconds: 36_000_000,
                pod: PodTemplate(cpuMillicores: 1000, gpuCount: 4))
            spec.clusterQueue = queue
            return spec
        }
        var jobs = [workload("A0", at: 0, gpus: 4, queue: 0)]
        for k in 0..<4 { jobs.append(workload("B\(k)", at: Int64(1 + k), gpus: 4, queue: 1)) }
        jobs.append(workload("W", at: 100, gpus: wGPUs, queue: 0))
        var a = ClusterQueueSpec(name: "A", cohort: "c", nominal: gpus(10))
        a.reclaimWithinCohort = .any
        let b = ClusterQueueSpec(name: "B", cohort: "c", nominal: gpus(10))
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: jobs, horizon: SimTime(milliseconds: 3_600_000), checksInvariants: true)
        input.clusterQueues = [a, b]
        input.kueueFairSharing = fairSharing
        return Simulation.run(input)
    }

    @Test("example 17: W of 4 GPUs reclaims one 4-GPU workload of B (the most recently admitted) and is admitted")
    func reclaimOne() throws {
        let result = run(wGPUs: 4, fairSharing: true)
        #expect(result.metric("kueue_evictions") == 1)
        #expect(result.job("B3")?.preemptions == 1)
        // The 24-GPU cluster had 4 idle GPUs: only quota held W back, so it starts at once.
        #expect(result.job("W")?.startMilliseconds == 100_000)
    }

    @Test("example 17: W of 8 GPUs would need a second victim that fair sharing forbids: no preemption")
    func fairSharingForbids() throws {
        let result = run(wGPUs: 8, fairSharing: true)
        #expect(result.metric("kueue_evictions") == 0)
        #expect(result.job("W")?.startMilliseconds == nil)
        // Classic preemption (no fair sharing) takes both.
        let classic = run(wGPUs: 8, fairSharing: false)
        #expect(classic.metric("kueue_evictions") == 2)
    }
}
