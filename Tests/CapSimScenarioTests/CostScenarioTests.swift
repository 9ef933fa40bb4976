import CapSimCore
import CapSimScenario
import Testing

/// The top-level `cost:` section.
@Suite struct CostScenarioTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    /// A small scenario; `cost` is appended verbatim at line 12 onward.
    private func yaml(cost: String) -> String {
        """
        name: cost
        cluster:
          nodePools:
            - {name: a, count: 1, cpu: "8", memory: 32Gi, gpu: {count: 1, model: A100}, pricePerHour: 2}
        workloads:
          - name: w
            requests: {cpu: "1", nvidia.com/gpu: 1}
            duration: 1h
            arrivals: {at: [0s]}
        duration: 2h
        \(cost)
        """
    }

    @Test("every cost key reaches the simulation input")
    func keys() throws {
        let text = yaml(
            cost: """
                cost:
                  engineerHourlyRate: 120
                  platformHoursPerMonth: 80
                  hoursPerNodePerMonth: 2.5
                  hoursPerNodeFailure: 8
                  hoursPerUpgrade: 100
                  controlPlanePerHour: 0.6
                  gpuHourRate: 3
                """)
        let input = try loader.load(yaml: text, path: "cost.yaml").input
        #expect(
            input.cost
                == CostSettings(
                    engineerHourlyRateUSD: 120, platformHoursPerMonth: 80, hoursPerNodePerMonth: 2.5,
                    hoursPerNodeFailure: 8, hoursPerUpgrade: 100, controlPlanePerHourUSD: 0.6, gpuHourRateUSD: 3))
    }

    @Test("absent keys keep their defaults; no section means no settings")
    func defaults() throws {
        let partial = try loader.load(yaml: yaml(cost: "cost: {engineerHourlyRate: 100}"), path: "cost.yaml").input
        #expect(partial.cost == CostSettings(engineerHourlyRateUSD: 100))
        #expect(partial.cost?.gpuHourRateUSD == nil)
        let empty = try loader.load(yaml: yaml(cost: "cost: {}"), path: "cost.yaml").input
        #expect(empty.cost == CostSettings())
        let none = try loader.load(yaml: yaml(cost: ""), path: "cost.yaml").input
        #expect(none.cost == nil)
    }

    @Test("a run of a priced scenario reports the cost metrics")
    func runReportsCosts() throws {
        let input = try loader.load(yaml: yaml(cost: "cost: {controlPlanePerHour: 0}"), path: "cost.yaml").input
        let result = Simulation.run(input)
        // 2 h × 2 USD; control plane 0; the 1-GPU pod holds the whole node for 1 h: half the node cost is idle.
        #expect(result.metric("cost_infrastructure") == 4)
        #expect(result.metric("cost_control_plane") == 0)
        let allocated = try #require(result.metric("cost_workload_w"))
        let idle = try #require(result.metric("cost_idle"))
        #expect(abs(allocated + idle - 4) < 1e-9)
        #expect(result.metric("cost_total") != nil)
    }

    @Test(
        "unknown keys and negative numbers are errors with a line",
        arguments: [
            ("cost: {engineerRate: 90}", "cost.engineerRate", "engineerHourlyRate"),
            ("cost: {hoursPerUpgrade: -1}", "cost.hoursPerUpgrade", "at least 0"),
            ("cost: {gpuHourRate: cheap}", "cost.gpuHourRate", "expected a number"),
        ])
    func errors(cost: String, keyPath: String, fragment: String) throws {
        let error = #expect(throws: ScenarioError.self) {
            try loader.load(yaml: yaml(cost: cost), path: "cost.yaml")
        }
        let thrown = try #require(error)
        #expect(thrown.keyPath == keyPath)
        #expect(thrown.line == 11)
        #expect(thrown.description.contains(fragment))
    }
}
