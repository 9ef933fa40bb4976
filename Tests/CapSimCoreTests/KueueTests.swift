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
