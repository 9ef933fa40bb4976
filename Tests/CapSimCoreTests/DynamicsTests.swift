import Testing

@testable import CapSimCore

/// Node failures, checkpoints, drains and rolling upgrades.
@Suite struct DynamicsTests {
    private let hour: Int64 = 3_600_000

    @Test(
        "failures every 2.5 h with 1 h repairs: a 10 h job checkpointing hourly loses 0.5 h per failure, ends at 16 h")
    func failuresAndCheckpoints() throws {
        let nodes = [node("n", cpu: 8000, memory: 8 * GiB, gpus: 1)]
        var train = job("train", at: 0, gpus: 1, runFor: 36_000)
        train.checkpointIntervalMilliseconds = hour
        var input = SimulationInput(cluster: cluster(nodes), jobs: [train], checksInvariants: true)
        input.failures = [
            NodeFailureModel(
                poolIndex: 0, timeBetweenFailures: .constant(5 * hour / 2), repairTime: .constant(hour))
        ]
        let result = Simulation.run(input)
        let record = try #require(result.job("train"))
        // Runs 0-2.5, 3.5-6, 7-9.5, 10.5-13, 14-16: each interruption keeps 2 h and loses 0.5 h.
        #expect(record.endMilliseconds == 16 * hour)
        #expect(record.interruptions == 4)
        #expect(record.lostWorkMilliseconds == 2 * hour)
        #expect(result.metric("node_failures") == 4)
        #expect(result.metric("lost_work_gpu_hours") == 2)
        #expect(result.metric("out_of_service_node_hours") == 4)
        #expect(result.metric("out_of_service_gpu_hours") == 4)
    }

    @Test("without checkpoints a failure loses all the work done")
    func noCheckpoints() throws {
        let nodes = [node("n", cpu: 8000, memory: 8 * GiB)]
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [job("j", at: 0, cpu: 1000, runFor: 7200)],
            horizon: SimTime(milliseconds: 10 * hour), checksInvariants: true)
        input.failures = [
            NodeFailureModel(poolIndex: 0, timeBetweenFailures: .constant(hour), repairTime: .constant(hour))
        ]
        let result = Simulation.run(input)
        // Fails at 1 h (loses 1 h), back at 2 h, fails at 3 h, ...: never runs 2 h in a row, so 5 failures by 10 h.
        #expect(result.job("j")?.state == .running)
        #expect(result.job("j")?.lostWorkMilliseconds == 5 * hour)
        #expect(result.metric("node_failures") == 5)
    }

    @Test("C27 (b)+(d): drains evict the 8-GPU job, which resumes from its 5 h checkpoint at 6.5 h and ends at 11.5 h")
    func c27() throws {
        let nodes = [
            node("n1", cpu: 64000, memory: 512 * GiB, gpus: 8), node("n2", cpu: 64000, memory: 512 * GiB, gpus: 8),
        ]
        // S (1 GPU) is placed first and lands on n1; T (8 GPUs) then fits only on n2.
        var service = job("S", at: 0, gpus: 1, runFor: 100 * 3600)
        service.workload = "S"
        var training = job("T", at: 0, gpus: 8, runFor: 36_000)
        training.checkpointIntervalMilliseconds = hour
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [service, training], horizon: SimTime(milliseconds: 20 * hour),
            checksInvariants: true,
            disruptionBudgets: [PodDisruptionBudget(name: "s", workload: "S", maxUnavailable: 1)])
        input.drains = [
            NodeDrain(node: 1, at: 11 * hour / 2, duration: hour), NodeDrain(node: 0, at: 7 * hour, duration: hour),
        ]
        let result = Simulation.run(input)
        let t = try #require(result.job("T"))
        #expect(t.node == "n2")
        #expect(t.endMilliseconds == 23 * hour / 2)
        #expect(t.lostWorkMilliseconds == hour / 2)
        #expect(t.interruptions == 1)
        let s = try #require(result.job("S"))
        #expect(s.interruptions == 1)
        #expect(result.metric("drain_evictions") == 2)
        // S's replacement waits for n1 to come back at 8 h: the running-pod series shows only T in between.
        let running = try #require(result.series.columns.first { $0.name == "running_pods" })
        let at7h30 = try #require(result.series.times.firstIndex(of: 15 * hour / 2))
        #expect(running.values[at7h30] == 1)
    }

    @Test("C27 (a): a PDB with minAvailable 1 on a single replica blocks the drain; the node is never emptied")
    func c27Blocked() throws {
        let nodes = [node("n1", cpu: 64000, memory: 512 * GiB, gpus: 8)]
        var service = job("S", at: 0, gpus: 1, runFor: 100 * 3600)
        service.workload = "S"
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [service], horizon: SimTime(milliseconds: 10 * hour), checksInvariants: true,
            disruptionBudgets: [PodDisruptionBudget(name: "s", workload: "S", minAvailable: 1)])
        input.drains = [NodeDrain(node: 0, at: 7 * hour, duration: hour)]
        let result = Simulation.run(input)
        #expect(result.job("S")?.interruptions == 0)
        #expect(result.metric("drain_evictions") == 0)
        #expect(result.metric("out_of_service_node_hours") == 0)
    }

    @Test("rolling upgrades: every node is drained and upgraded once per round, one at a time")
    func rollingUpgrade() throws {
        let nodes = (0..<4).map { node("n\($0)", cpu: 8000, memory: 32 * GiB) }
        let jobs = (0..<8).map { job("j\($0)", at: 0, cpu: 2000, runFor: 4 * 3600) }
        var input = SimulationInput(cluster: cluster(nodes), jobs: jobs, checksInvariants: true)
        input.maintenance = MaintenancePolicy(
            firstUpgrade: hour, interval: 1000 * hour, maxUnavailable: 1, upgradeDuration: 600_000)
        let result = Simulation.run(input)
        #expect(result.metric("upgrade_rounds") == 1)
        #expect(result.metric("node_upgrades") == 4)
        #expect(result.jobs.allSatisfy { $0.state == .succeeded })
        // Out of service: 4 nodes x 10 min.
        #expect(result.metric("out_of_service_node_hours").map { abs($0 - 4.0 / 6.0) < 1e-9 } == true)
    }

    @Test("wave size: a count, or a percentage rounded up")
    func waveSize() {
        #expect(MaintenancePolicy(firstUpgrade: 0, interval: 1, maxUnavailable: 2).waveSize(nodeCount: 10) == 2)
        #expect(
            MaintenancePolicy(firstUpgrade: 0, interval: 1, maxUnavailable: 25, maxUnavailableIsPercent: true)
                .waveSize(nodeCount: 10) == 3)
        #expect(
            MaintenancePolicy(firstUpgrade: 0, interval: 1, maxUnavailable: 1, maxUnavailableIsPercent: true)
                .waveSize(nodeCount: 10) == 1)
    }

    @Test("distributions: constant, exponential mean, Weibull mean", arguments: [UInt64(1), 2])
    func distributions(seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: "test")
        #expect(TimeDistribution.constant(5).sample(using: &random) == 5)
        let exponential = TimeDistribution.exponential(meanMilliseconds: 1_000_000)
        let mean = (0..<20_000).reduce(0.0) { acc, _ in acc + Double(exponential.sample(using: &random)) } / 20_000
        #expect(abs(mean - 1_000_000) < 30_000)
        #expect(abs(TimeDistribution.weibull(shape: 1, scaleMilliseconds: 1000).meanMilliseconds - 1000) < 1e-6)
    }

    @Test(
        "property: with failures and upgrades no node is over-committed or down with pods, lost work per interruption < 1 checkpoint",
        arguments: Array(UInt64(1)...12))
    func disruptedProperty(seed: UInt64) {
        var input = PropertyTests().randomInput(seed: seed)
        let interval: Int64 = 1_800_000
        input.jobs = input.jobs.map {
            var j = $0
            j.checkpointIntervalMilliseconds = interval
            return j
        }
        input.failures = [
            NodeFailureModel(
                poolIndex: 0, timeBetweenFailures: .exponential(meanMilliseconds: 4 * hour),
                repairTime: .uniform(minMilliseconds: 600_000, maxMilliseconds: 2 * hour))
        ]
        input.maintenance = MaintenancePolicy(
            firstUpgrade: hour / 2, interval: 6 * hour, maxUnavailable: 30, maxUnavailableIsPercent: true)
        input.seed = seed
        input.horizon = SimTime(milliseconds: 2000 * hour)
        let result = Simulation.run(input)
        for record in result.jobs {
            let interruptions = Int64(record.interruptions + record.preemptions) * Int64(record.pods)
            #expect(record.lostWorkMilliseconds <= interruptions * interval)
            #expect(record.state == .succeeded || record.state == .unplaceable)
        }
    }
}

/// GPU device failures.
@Suite struct DeviceFailureTests {
    private let hour: Int64 = 3_600_000

    @Test("a failed GPU fails its pod (recreated at once, from its last checkpoint) and removes one GPU until replaced")
    func deviceFailure() throws {
        let nodes = [node("n", cpu: 64000, memory: 256 * GiB, gpus: 2)]
        var train = job("t", at: 0, gpus: 2, runFor: 10 * 3600)
        train.checkpointIntervalMilliseconds = hour
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [train], horizon: SimTime(milliseconds: 30 * hour), checksInvariants: true)
        input.failures = [
            NodeFailureModel(
                poolIndex: 0, timeBetweenFailures: .constant(1000 * hour), repairTime: .constant(hour),
                gpuTimeBetweenFailures: .constant(5 * hour / 2), gpuRepairTime: .constant(hour))
        ]
        let result = Simulation.run(input)
        let record = try #require(result.job("t"))
        // Both devices fail every 2.5 h of service and are replaced after 1 h. The 2-GPU job runs 0-2.5, 3.5-6,
        // 7-9.5, 10.5-13 (keeping 2 h and losing 0.5 h each time) and 14-16 h.
        #expect(record.endMilliseconds == 16 * hour)
        #expect(record.interruptions == 4)
        #expect(record.lostWorkMilliseconds == 2 * hour)
        // Each device fails at 2.5, 6, 9.5, 13, 16.5, 20, 23.5 and 27 h before the 30 h horizon: 16 failures,
        // each one GPU out for 1 h.
        #expect(result.metric("gpu_device_failures") == 16)
        #expect(result.metric("out_of_service_gpu_hours") == 16)
        #expect(result.metric("node_failures") == 0)
    }
}
