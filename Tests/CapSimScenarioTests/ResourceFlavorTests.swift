import CapSimCore
import CapSimScenario
import Testing

/// Kueue ResourceFlavors: a ClusterQueue with quota per GPU model; admission picks the first flavor that fits and
/// pins the pods to its nodes.
@Suite struct ResourceFlavorTests {
    @Test("two 4-GPU jobs fill the a100 flavor; the third is admitted to the l4 flavor and runs on an L4 node")
    func flavors() throws {
        let text = """
            name: flavors
            duration: 1d
            cluster:
              nodePools:
                - {name: a100, count: 1, cpu: "64", memory: 512Gi, gpu: {count: 8, model: A100}, labels: {gpu: a100}}
                - {name: l4, count: 2, cpu: "32", memory: 128Gi, gpu: {count: 4, model: L4}, labels: {gpu: l4}}
            clusterQueues:
              - name: team
                cohort: org
                flavors:
                  - {name: a100, nodeLabels: {gpu: a100}, nominalQuota: {nvidia.com/gpu: 8}}
                  - {name: l4, nodeLabels: {gpu: l4}, nominalQuota: {nvidia.com/gpu: 8}}
            workloads:
              - {name: train, queue: team, requests: {cpu: "4", nvidia.com/gpu: 4}, duration: 1h, arrivals: {at: [0s, 0s, 0s]}}
            """
        let input = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(yaml: text, path: "f.yaml").input
        #expect(input.clusterQueues.map(\.flavor) == ["a100", "l4"])
        #expect(input.clusterQueues.map(\.cohort) == ["org/a100", "org/l4"])
        var checked = input
        checked.checksInvariants = true
        let result = Simulation.run(checked)
        #expect(result.jobs.map(\.node) == ["a100-0000", "a100-0000", "l4-0000"])
        #expect(result.jobs.allSatisfy { $0.startMilliseconds == 0 })
        do {
            _ = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(
                yaml: text.replacingOccurrences(of: "cohort: org", with: "cohort: org\n    nominalQuota: {cpu: \"1\"}"),
                path: "f.yaml")
            Issue.record("accepted nominalQuota beside flavors")
        } catch {
            #expect("\(error)".contains("is set per flavor"), "\(error)")
        }
    }

    @Test("a LocalQueue name resolves to its ClusterQueue")
    func localQueues() throws {
        let text = """
            name: lq
            cluster:
              nodePools: [{name: a, count: 1, cpu: "8", memory: 32Gi}]
            clusterQueues: [{name: cq, nominalQuota: {cpu: "4"}}]
            localQueues: [{name: team-a, clusterQueue: cq}]
            workloads:
              - {name: w, queue: team-a, requests: {cpu: "1"}, duration: 1m, arrivals: {at: [0s]}}
            """
        let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)
        #expect(try loader.load(yaml: text, path: "l.yaml").input.jobs.first?.clusterQueue == 0)
        do {
            _ = try loader.load(
                yaml: text.replacingOccurrences(of: "clusterQueue: cq", with: "clusterQueue: nope"), path: "l.yaml")
            Issue.record("accepted a LocalQueue pointing nowhere")
        } catch {
            #expect("\(error)".contains("names no ClusterQueue"), "\(error)")
        }
    }
}
