import CapSimCore
import CapSimScenario
import CapSimTestSupport
import Testing

/// Scenario keys for the Cluster Autoscaler and admission, and cluster-size limits.
@Suite struct AutoscalingKeysTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    private func yaml(pools: String, extra: String = "") -> String {
        """
        name: scale
        cluster:
          nodePools:
        \(pools)
        \(extra)
        workloads:
          - name: g
            requests: {cpu: "4", nvidia.com/gpu: 1}
            duration: 10m
            arrivals: {at: [0s]}
        """
    }

    @Test("an autoscaled GPU pool at size 0 scales from zero end to end (C19 through the scenario format)")
    func scaleFromZero() throws {
        let text = yaml(
            pools: """
                    - {name: cpu, count: 1, minSize: 1, maxSize: 10, cpu: "16", memory: 64Gi}
                    - name: gpu
                      count: 0
                      minSize: 0
                      maxSize: 4
                      provisioningDelay: 180s
                      cpu: "8"
                      memory: 61Gi
                      gpu: {count: 1, model: T4}
                      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
                """,
            extra: """
                autoscaling: {expander: least-waste, scaleDownUnneededTime: 5m}
                admission: {extendedResourceToleration: true}
                """)
        let input = try loader.load(yaml: text, path: "scale.yaml").input
        #expect(input.cluster.nodes.count == 14)
        #expect(input.cluster.nodes.filter(\.isProvisioned).count == 1)
        #expect(input.cluster.pools[1].maxSize == 4)
        #expect(input.autoscaler.scaleDownUnneededTime == 300_000)
        #expect(input.extendedResourceToleration)
        let result = Simulation.run(input)
        #expect(result.job("g-0").flatMap(\.startMilliseconds) == 190_000)
    }

    @Test(
        "bad autoscaling and size keys say what is allowed",
        arguments: [
            ("    - {name: a, count: 5, maxSize: 2, cpu: \"1\", memory: 1Gi}", "", "minSize <= count <= maxSize"),
            ("    - {name: a, count: 1, minSize: 1, cpu: \"1\", memory: 1Gi}", "", "needs `maxSize` too"),
            ("    - {name: a, count: 2, cpu: \"1\", memory: 7.9Ei}", "", "exceeds what capsim can count"),
            ("    - {name: a, count: 3, cpu: 9223372036854775807m, memory: 1Gi}", "", "exceeds what capsim can count"),
            ("    - {name: a, count: 1, cpu: \"1\", memory: 1Gi}", "autoscaling: {expander: cheapest}", "least-waste"),
        ])
    func badKeys(pools: String, extra: String, expected: String) {
        do {
            _ = try loader.load(yaml: yaml(pools: pools, extra: extra), path: "bad.yaml")
            Issue.record("expected an error containing \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
