import Testing

@testable import CapSimCore

/// Job backoffLimit and restartPolicy: case C33 of cases.md.
@Suite struct JobFailureTests {
    private func failing(
        _ policy: RestartPolicy, parallelism: Int32 = 1, backoffLimit: Int32 = 2, failsAfter: Int64 = 30
    )
        -> JobSpec
    {
        var spec = JobSpec(
            name: "task", workload: "task", submitTime: .zero, parallelism: parallelism,
            durationMilliseconds: 3_600_000, pod: PodTemplate(cpuMillicores: 100))
        spec.failsAfterMilliseconds = failsAfter * 1000
        spec.restartPolicy = policy
        spec.backoffLimit = backoffLimit
        return spec
    }

    @Test("C33 (a): restartPolicy Never: pods at 0, 40, 90 s each fail after 30 s; 3 failed > 2, Job Failed at 120 s")
    func never() throws {
        let nodes = [node("n", cpu: 16000, memory: 64 * GiB)]
        let result = Simulation.run(
            SimulationInput(cluster: cluster(nodes), jobs: [failing(.never)], checksInvariants: true))
        let record = try #require(result.job("task"))
        #expect(record.state == .failed)
        #expect(record.reason == "BackoffLimitExceeded: 3 failed pods > backoffLimit 2")
        #expect(result.endMilliseconds == 120_000)
        #expect(result.metric("jobs_failed") == 1)
    }

    @Test("C33 (b): restartPolicy OnFailure: restarts at 40 s and 90 s; 2 >= 2, Job Failed at 90 s")
    func onFailure() throws {
        let nodes = [node("n", cpu: 16000, memory: 64 * GiB)]
        let result = Simulation.run(
            SimulationInput(cluster: cluster(nodes), jobs: [failing(.onFailure)], checksInvariants: true))
        let record = try #require(result.job("task"))
        #expect(record.state == .failed)
        #expect(record.reason == "BackoffLimitExceeded: 2 container restarts >= backoffLimit 2")
        #expect(result.endMilliseconds == 90_000)
    }

    @Test("C33 (c): Never, parallelism 10, backoffLimit 10, instant failures: the Job fails at 11 failed pods, not 64")
    func parallelFailures() throws {
        let nodes = [node("n", cpu: 16000, memory: 64 * GiB)]
        var simulation = Simulation(
            input: SimulationInput(
                cluster: cluster(nodes), jobs: [failing(.never, parallelism: 10, backoffLimit: 10, failsAfter: 0)],
                checksInvariants: true))
        let result = simulation.run()
        #expect(result.job("task")?.state == .failed)
        #expect(simulation.jobs.failedPods[0] == 11)
    }

    @Test("a pod that fails only after its work is done succeeds")
    func failsTooLate() throws {
        var spec = failing(.never)
        spec.durationMilliseconds = 20_000
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster([node("n", cpu: 16000, memory: 64 * GiB)]), jobs: [spec], checksInvariants: true))
        #expect(result.job("task")?.state == .succeeded)
    }
}
