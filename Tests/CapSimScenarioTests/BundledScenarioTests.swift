import CapSimCore
import CapSimScenario
import Testing

@Suite struct BundledScenarioTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    @Test("quickstart.yaml loads and validates")
    func quickstartLoads() throws {
        let scenario = try loader.load(path: TestPaths.scenario("quickstart.yaml"))
        #expect(scenario.name == "quickstart")
        #expect(scenario.seed == 42)
        #expect(scenario.contentHash.count == 16)
        let input = scenario.input
        #expect(input.mode == .timed)
        #expect(input.cluster.pools.map(\.name) == ["a100", "l4", "cpu"])
        #expect(input.cluster.totalGPUs == 56)
        #expect(Set(input.jobs.map(\.workload)) == ["training", "finetune", "notebooks", "preprocess"])
        #expect((300...1000).contains(input.jobs.count), "\(input.jobs.count) jobs")
        #expect(Set(input.jobs.map(\.name)).count == input.jobs.count)
        #expect(input.jobs.allSatisfy { $0.durationMilliseconds != nil })
        let lastSubmit = try #require(input.jobs.last).submitTime.milliseconds
        #expect((2 * 86_400_000...4 * 86_400_000).contains(lastSubmit), "last submit \(lastSubmit) ms")
    }

    @Test("quickstart runs to completion with some queueing")
    func quickstartRuns() throws {
        let scenario = try loader.load(path: TestPaths.scenario("quickstart.yaml"))
        let result = Simulation.run(scenario.input)
        #expect(result.jobs.allSatisfy { $0.state == .succeeded }, "\(Set(result.jobs.map(\.state)))")
        let queued = result.jobs.compactMap(\.queueMilliseconds).filter { $0 > 0 }
        #expect(!queued.isEmpty)
    }

    @Test("openb-default.yaml loads the trace", .enabled(if: TestPaths.hasOpenb))
    func openbDefaultLoads() throws {
        let scenario = try loader.load(path: TestPaths.scenario("openb-default.yaml"))
        let input = scenario.input
        #expect(input.mode == .arrivalOnly)
        var binpackEveryNode = SchedulerConfiguration.binpack
        binpackEveryNode.percentageOfNodesToScore = 100
        #expect(input.scheduler == binpackEveryNode)
        #expect(input.cluster.pools == [NodePoolSpec(name: "trace", count: 1213, pricePerHourUSD: 0)])
        #expect(input.cluster.nodes.count == 1213)
        #expect(input.cluster.totalGPUs == 6212)
        #expect(input.jobs.count > 8152)
        #expect(input.jobs.allSatisfy { $0.durationMilliseconds == nil })
        #expect(input.extraSummary.contains { $0.name == "trace_source_pods" && $0.value == 8152 })
        let requested = input.jobs.reduce(Int64(0)) { $0 + $1.pod.totalGPUMilli }
        #expect(requested <= 8_075_600 && requested > 7_900_000, "\(requested) GPU-milli")
    }

    @Test("a missing traces directory explains how to point at the traces")
    func missingTraces() throws {
        let loader = ScenarioLoader(tracesDirectory: "/nonexistent/traces")
        let error = #expect(throws: ScenarioError.self) {
            try loader.load(path: TestPaths.scenario("openb-default.yaml"))
        }
        let description = try #require(error).description
        #expect(description.contains("/nonexistent/traces/openb/openb_node_list_gpu_node.csv"))
        #expect(description.contains("cluster.trace.nodes"))
        #expect(description.contains("CAPSIM_TRACES"))
    }
}
