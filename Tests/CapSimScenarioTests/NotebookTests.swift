import CapSimCore
import CapSimScenario
import Testing

/// Notebooks: sessions with an active part, idle culling and a low GPU busy fraction.
@Suite struct NotebookTests {
    @Test("idle culling ends a 4 h session 30 min after the user's 1 h of work; allocation and utilization differ")
    func culling() throws {
        let text = """
            name: notebooks
            cluster:
              nodePools: [{name: g, count: 1, cpu: "16", memory: 64Gi, gpu: {count: 2, model: T4}}]
            workloads:
              - name: nb
                requests: {cpu: "2", memory: 8Gi, alibabacloud.com/gpu-milli: 500}
                gpuBusyFraction: 0.1
                duration: 4h
                notebook: {activeTime: 1h, cullAfter: 30m}
                arrivals: {at: [0s, 10m]}
            """
        let input = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(yaml: text, path: "n.yaml").input
        #expect(input.jobs.map(\.durationMilliseconds) == [5_400_000, 5_400_000])
        let result = Simulation.run(input)
        #expect(result.metric("notebook_sessions_culled_nb") == 2)
        let allocation = try #require(result.metric("gpu_allocation_mean"))
        let utilization = try #require(result.metric("gpu_utilization_mean"))
        #expect(abs(utilization - allocation * 0.1) < 1e-9)
    }
}
