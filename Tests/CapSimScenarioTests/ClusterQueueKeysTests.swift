import CapSimCore
import CapSimScenario
import Testing

/// Scenario keys for Kueue ClusterQueues.
@Suite struct ClusterQueueKeysTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    @Test("clusterQueues and workload queue reach the simulation; C16 through the scenario format")
    func keys() throws {
        let text = """
            name: kueue
            duration: 1000s
            cluster:
              nodePools: [{name: a, count: 1, cpu: "64", memory: 256Gi}]
            clusterQueues:
              - {name: cq-a, cohort: c, nominalQuota: {cpu: "12"}, queueingStrategy: BestEffortFIFO}
              - {name: cq-b, cohort: c, nominalQuota: {cpu: "9"}, borrowingLimit: {cpu: "0"}, lendingLimit: {cpu: "9"}}
            workloads:
              - {name: a1, queue: cq-a, requests: {cpu: "12"}, duration: 3h, arrivals: {at: [0s]}}
              - {name: a2, queue: cq-a, requests: {cpu: "4"}, duration: 3h, arrivals: {at: [5s]}}
              - {name: a3, queue: cq-a, requests: {cpu: "4"}, duration: 3h, arrivals: {at: [50s]}}
              - {name: b1, queue: cq-b, requests: {cpu: "4"}, duration: 3h, arrivals: {at: [50s]}}
            """
        let input = try loader.load(yaml: text, path: "k.yaml").input
        #expect(input.clusterQueues.map(\.name) == ["cq-a", "cq-b"])
        #expect(input.clusterQueues[1].borrowingLimit?.cpu == 0)
        #expect(input.clusterQueues[1].nominal.gpuMilli == QuotaVector.unlimited.gpuMilli)
        #expect(input.jobs.map(\.clusterQueue) == [0, 0, 0, 1])
        let result = Simulation.run(input)
        let started = Dictionary(uniqueKeysWithValues: result.jobs.map { ($0.workload, $0.startMilliseconds) })
        #expect(started["b1"] == 50_000)
        #expect(started["a3"] == .some(nil))
        do {
            _ = try loader.load(yaml: text.replacingOccurrences(of: "queue: cq-b", with: "queue: cq-z"), path: "k.yaml")
            Issue.record("accepted an unknown queue")
        } catch {
            #expect("\(error)".contains("names no ClusterQueue; defined: cq-a, cq-b"), "\(error)")
        }
    }
}
