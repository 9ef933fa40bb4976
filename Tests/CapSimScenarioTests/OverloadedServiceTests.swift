import CapSimCore
import CapSimScenario
import Testing

/// Issue #9 defect 8: an inference service at a load its replicas can never serve reports an unbounded latency,
/// not a number longer than the run.
@Suite struct OverloadedServiceTests {
    static func yaml(rps: Int) -> String {
        """
        name: overloaded
        duration: 1d
        cluster:
          nodePools: [{name: gpu, count: 2, cpu: "32", memory: 128Gi, gpu: {count: 4, model: A100}}]
        workloads:
          - name: chat
            inference:
              requests: {cpu: "8", memory: 32Gi, nvidia.com/gpu: 1}
              replicas: {min: 1, max: 2, initial: 1}
              concurrencyPerReplica: 1
              serviceTime: 1s
              slo: {latency: 2s}
              traffic: {steps: [{at: 0s, rps: \(rps)}]}
        """
    }

    @Test("1000 rps on 2 replicas serving 1 rps each: p50 and p95 are unbounded, SLO attainment is 0")
    func unbounded() throws {
        let input = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(yaml: Self.yaml(rps: 1000), path: "o")
            .input
        let result = Simulation.run(input)
        #expect(result.metric("service_chat_latency_p50") == .infinity)
        #expect(result.metric("service_chat_latency_p95") == .infinity)
        #expect(result.metric("service_chat_slo_attainment") == 0)
    }

    @Test("a load the replicas can serve keeps a finite latency")
    func bounded() throws {
        let input = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(yaml: Self.yaml(rps: 1), path: "o")
            .input
        let result = Simulation.run(input)
        let p95 = try #require(result.metric("service_chat_latency_p95"))
        #expect(p95.isFinite && p95 >= 1000)
    }
}
