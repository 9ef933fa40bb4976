import CapSimCore
import CapSimScenario
import Testing

/// MPIJob-style training: N workers as a gang plus a launcher pod.
@Suite struct LauncherTests {
    @Test("each training job gets a CPU launcher job beside its 4-worker gang")
    func launcher() throws {
        let text = """
            name: mpi
            cluster:
              nodePools: [{name: g, count: 2, cpu: "32", memory: 128Gi, gpu: {count: 4, model: A100}}]
            workloads:
              - name: mpi
                parallelism: 4
                gang: true
                requests: {cpu: "4", nvidia.com/gpu: 2}
                launcher: {requests: {cpu: "1", memory: 2Gi}}
                duration: 1h
                arrivals: {at: [0s, 10m]}
            """
        let input = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(yaml: text, path: "m.yaml").input
        #expect(input.jobs.map(\.name) == ["mpi-0", "mpi-0-launcher", "mpi-1", "mpi-1-launcher"])
        #expect(input.jobs[1].pod.gpuCount == 0 && input.jobs[1].pod.cpuMillicores == 1000)
        #expect(input.jobs[1].gangMinAvailable == nil && input.jobs[0].gangMinAvailable == 4)
        var checked = input
        checked.checksInvariants = true
        let result = Simulation.run(checked)
        // The first gang takes all 8 GPUs; the second waits for it (60 min), its launcher does not.
        #expect(result.jobs.map(\.startMilliseconds) == [0, 0, 3_600_000, 600_000])
    }
}
