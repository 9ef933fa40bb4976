import CapSimCore
import CapSimScenario
import Testing

/// Scenario keys for node failures, rolling upgrades, one-off drains and checkpoints.
@Suite struct DisruptionKeysTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    private func yaml(_ disruptions: String, duration: String = "duration: 30d") -> String {
        """
        name: ops
        \(duration)
        cluster:
          nodePools:
            - {name: gpu, count: 4, cpu: "32", memory: 256Gi, gpu: {count: 8, model: A100}}
        workloads:
          - name: train
            requests: {cpu: "8", nvidia.com/gpu: 8}
            duration: 10h
            checkpointInterval: 1h
            arrivals: {poisson: {ratePerHour: 0.5}, count: 20}
        disruptions:
        \(disruptions)
        """
    }

    @Test("failures, maintenance, drains and checkpointInterval reach the simulation, and the run uses them")
    func keys() throws {
        let text = yaml(
            """
              failures:
                - pool: gpu
                  timeBetweenFailures: {weibull: {shape: 0.8, scale: 10d}}
                  repairTime: {lognormal: {median: 4h, sigma: 0.5}}
                  gpuTimeBetweenFailures: {exponential: {mean: 3300d}}
                  gpuRepairTime: 2d
              maintenance: {firstUpgrade: 10d, every: 120d, maxUnavailable: 25%, upgradeDuration: 20m}
              drains:
                - {node: gpu-0001, at: 2d, duration: 2h}
            """)
        let input = try loader.load(yaml: text, path: "ops.yaml").input
        #expect(input.failures.first?.timeBetweenFailures == .weibull(shape: 0.8, scaleMilliseconds: 864_000_000))
        #expect(input.failures.first?.gpuRepairTime == .constant(172_800_000))
        #expect(input.maintenance?.maxUnavailableIsPercent == true)
        #expect(input.maintenance?.waveSize(nodeCount: 4) == 1)
        #expect(input.maintenance?.firstUpgrade == 864_000_000)
        #expect(input.drains == [NodeDrain(node: 1, at: 172_800_000, duration: 7_200_000)])
        #expect(input.jobs.first?.checkpointIntervalMilliseconds == 3_600_000)
        let result = Simulation.run(input)
        #expect(result.metric("node_upgrades") == 4)
        #expect(result.metric("upgrade_rounds") == 1)
        let runAgain = Simulation.run(input)
        #expect(result == runAgain)
    }

    @Test(
        "bad disruption keys name the key and what is allowed",
        arguments: [
            ("  failures: [{pool: cpu, timeBetweenFailures: 10d, repairTime: 1h}]", "names no node pool; pools: gpu"),
            ("  maintenance: {every: 120d, maxUnavailable: 150%}", "percentage 1%...100%"),
            ("  drains: [{node: gpu-9, at: 1h, duration: 1h}]", "names no node"),
            (
                "  failures: [{pool: gpu, timeBetweenFailures: {gamma: {k: 1}}, repairTime: 1h}]",
                "Allowed keys here: constant, exponential, lognormal, uniform, weibull"
            ),
            ("  maintenance: {every: 10s}", "at least"),
        ])
    func badKeys(disruptions: String, expected: String) {
        do {
            _ = try loader.load(yaml: yaml(disruptions), path: "bad.yaml")
            Issue.record("expected an error containing \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("recurring failures need a stop time")
    func needsDuration() {
        do {
            _ = try loader.load(
                yaml: yaml("  failures: [{pool: gpu, timeBetweenFailures: 10d, repairTime: 1h}]", duration: ""),
                path: "bad.yaml")
            Issue.record("accepted failures without a duration")
        } catch {
            #expect("\(error)".contains("need a top-level `duration:`"), "\(error)")
        }
    }
}
