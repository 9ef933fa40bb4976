import CapSimCore
import CapSimScenario
import Testing

/// Issue #9, defects 1-3: times and sizes that pass validation must run; larger ones are rejected with the limit.
@Suite struct TimeLimitTests {
    private let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    private func load(_ yaml: String) throws -> LoadedScenario {
        try loader.load(yaml: yaml, path: "limits.yaml")
    }

    @Test("a duration above 2^62 - 1 ms is rejected, naming the limit", arguments: ["106751991167d", "53375995584d"])
    func tooLong(_ text: String) {
        let yaml = """
            name: t
            duration: \(text)
            cluster: {nodePools: [{name: a, count: 1, cpu: "8", memory: 32Gi}]}
            workloads: [{name: w, requests: {cpu: "1"}, duration: 1h, arrivals: {at: [0s]}}]
            """
        #expect {
            try load(yaml)
        } throws: { error in
            "\(error)".contains("duration: duration \"\(text)\" is too large: at most 53375995583d")
                && "\(error)".contains("2^62 - 1 ms")
        }
    }

    @Test("every time at the limit at once runs to the end without a trap")
    func timesAtTheLimitRun() throws {
        // Arrival + run time, drain start + duration, upgrade start + duration and failure draws all sum past
        // 2^62 ms: those instants never come, and nothing overflows.
        let yaml = """
            name: near-limit
            duration: 53375995583d
            startTime: 2026-01-01T00:00:00Z
            cluster:
              nodePools: [{name: a, count: 2, cpu: "8", memory: 32Gi, gpu: {count: 1, model: A100}}]
            workloads:
              - {name: w, requests: {cpu: "1"}, duration: 53375995583d, arrivals: {at: [0s, 53375995000d]}}
              - name: tail
                requests: {cpu: "1"}
                duration: {lognormal: {median: 1h, sigma: 1000}}
                arrivals: {poisson: {ratePerHour: 10}, count: 20}
            disruptions:
              maintenance: {firstUpgrade: 53375995000d, every: 53375995583d, maxUnavailable: 1,
                            upgradeDuration: 53375995583d}
              drains: [{node: a-0001, at: 53375995000d, duration: 53375995583d}]
              failures: [{pool: a, timeBetweenFailures: {exponential: {mean: 53375995583d}},
                          repairTime: 53375995583d}]
            """
        var input = try load(yaml).input
        input.checksInvariants = true
        let result = Simulation.run(input)
        #expect(result.endMilliseconds == 53_375_995_583 * 86_400_000)
        #expect(result.metric("jobs_submitted") == 22)
        #expect(result.summary.allSatisfy { !$0.value.isInfinite })
    }

    @Test("more pods than a run can hold is rejected at load time, naming the limit and the workload")
    func tooManyPods() {
        let yaml = """
            name: t
            duration: 1d
            cluster: {nodePools: [{name: a, count: 1, cpu: "8", memory: 32Gi}]}
            workloads:
              - name: huge
                parallelism: 10000
                requests: {cpu: "1"}
                duration: 1h
                arrivals: {poisson: {ratePerHour: 10}, count: 1000000}
            """
        #expect {
            try load(yaml)
        } throws: { error in
            "\(error)".contains("the workloads create 10000000000 pods in all (huge alone 10000000000)")
                && "\(error)".contains("at most 10000000 pods")
        }
    }
}
