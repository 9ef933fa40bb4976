import CapSimCore
import CapSimScenario
import Testing

/// Pipelines: a DAG of steps per run; a step starts when its dependencies have finished.
@Suite struct PipelineTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    private let yaml = """
        name: nightly
        cluster:
          nodePools:
            - {name: gpu, count: 1, cpu: "16", memory: 64Gi, gpu: {count: 1, model: A100}}
        workloads:
          - name: nightly
            priority: 10
            pipeline:
              steps:
                - {name: extract, requests: {cpu: "4"}, duration: 20m}
                - {name: train, requests: {cpu: "4", nvidia.com/gpu: 1}, duration: 2h, dependsOn: [extract]}
                - {name: evaluate, requests: {cpu: "2"}, duration: 15m, dependsOn: [train]}
            arrivals: {at: [0s, 1h]}
        """

    @Test("steps wait for their dependencies; makespans 155 min and 215 min; the second train waits 60 min for the GPU")
    func dag() throws {
        let input = try loader.load(yaml: yaml, path: "p.yaml").input
        #expect(
            input.jobs.map(\.name) == [
                "nightly-0-extract", "nightly-0-train", "nightly-0-evaluate", "nightly-1-extract", "nightly-1-train",
                "nightly-1-evaluate",
            ])
        #expect(input.jobs[2].dependsOn == [1])
        #expect(input.jobs[1].pod.priority == 10)
        var checked = input
        checked.checksInvariants = true
        let result = Simulation.run(checked)
        let minute: Int64 = 60_000
        let byName = Dictionary(uniqueKeysWithValues: result.jobs.map { ($0.name, $0) })
        #expect(byName["nightly-0-train"]?.startMilliseconds == 20 * minute)
        #expect(byName["nightly-0-evaluate"]?.endMilliseconds == 155 * minute)
        #expect(byName["nightly-1-train"]?.submitMilliseconds == 80 * minute)
        #expect(byName["nightly-1-train"]?.queueMilliseconds == 60 * minute)
        #expect(byName["nightly-1-evaluate"]?.endMilliseconds == 275 * minute)
        #expect(result.metric("pipeline_runs") == 2)
        #expect(result.metric("pipeline_makespan_p50") == 9300)
        #expect(result.metric("pipeline_makespan_p95") == 12900)
    }

    @Test("a step that can never run blocks its dependents; bad DAGs are errors")
    func blockedAndErrors() throws {
        let blocked = yaml.replacingOccurrences(of: "nvidia.com/gpu: 1}", with: "nvidia.com/gpu: 2}")
        let result = Simulation.run(try loader.load(yaml: blocked, path: "p.yaml").input)
        let evaluate = try #require(result.jobs.first { $0.name == "nightly-0-evaluate" })
        #expect(evaluate.state == .unplaceable)
        #expect(evaluate.reason == "depends on nightly-0-train, which can never run")
        #expect(result.metric("pipeline_runs_completed") == 0)
        for (bad, expected) in [
            (
                yaml.replacingOccurrences(of: "dependsOn: [extract]", with: "dependsOn: [evaluate]"),
                "must name an earlier step"
            ),
            (
                yaml.replacingOccurrences(of: "priority: 10", with: "priority: 10\n    requests: {cpu: \"1\"}"),
                "set per step"
            ),
        ] {
            do {
                _ = try loader.load(yaml: bad, path: "p.yaml")
                Issue.record("accepted")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
