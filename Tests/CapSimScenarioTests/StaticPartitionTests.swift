import CapSimCore
import CapSimScenario
import Testing

/// The static-partition baseline ("without Kubernetes") of scenarios/adopt-kubernetes.yaml.
@Suite struct StaticPartitionTests {
    @Test("the baseline gives each team its own fixed machines, its own ops figures and no control plane")
    func baselineShape() throws {
        let loader = ScenarioLoader(tracesDirectory: TestPaths.traces, staticPartition: true)
        let scenario = try loader.load(path: TestPaths.scenario("adopt-kubernetes.yaml"))
        let input = scenario.input
        #expect(scenario.name == "adopt-kubernetes (static partition)")
        #expect(input.cluster.pools.map(\.name) == ["a100/research", "a10g/applied", "a10g/analysts", "cpu/analysts"])
        #expect(input.cluster.pools.map(\.count) == [5, 5, 2, 3])
        #expect(input.cluster.pools.allSatisfy { !$0.isAutoscaled })
        #expect(input.cluster.nodes.count == 15)
        #expect(input.maintenance == nil)
        #expect(input.cost?.controlPlanePerHourUSD == 0)
        #expect(input.cost?.platformHoursPerMonth == 10)
        #expect(input.failures.map(\.poolIndex) == [0, 1, 2])
        let research = try #require(input.jobs.first { $0.workload == "research" })
        #expect(research.pod.nodeSelector["capsim.io/partition"] == "research")
        let notebook = try #require(input.jobs.first { $0.workload == "notebooks" })
        #expect(notebook.pod.nodeSelector["capsim.io/partition"] == "analysts")
        // Same jobs as the Kubernetes variant: the comparison is on one workload.
        let shared = try ScenarioLoader(tracesDirectory: TestPaths.traces)
            .load(path: TestPaths.scenario("adopt-kubernetes.yaml")).input
        #expect(shared.jobs.map(\.submitTime) == input.jobs.map(\.submitTime))
        #expect(shared.jobs.map(\.durationMilliseconds) == input.jobs.map(\.durationMilliseconds))
    }

    @Test("partition errors: unknown workload, workload in two partitions, workload in none, no section")
    func errors() {
        let base = """
            name: p
            cluster:
              nodePools: [{name: a, count: 2, cpu: "4", memory: 8Gi}]
            workloads:
              - {name: w1, requests: {cpu: "1"}, duration: 1m, arrivals: {at: [0s]}}
              - {name: w2, requests: {cpu: "1"}, duration: 1m, arrivals: {at: [0s]}}
            """
        let cases = [
            ("staticPartition: {partitions: [{name: t, workloads: [w9], nodes: {a: 1}}]}", "names no workload"),
            (
                "staticPartition: {partitions: [{name: t, workloads: [w1, w2], nodes: {a: 1}}, "
                    + "{name: u, workloads: [w1], nodes: {a: 1}}]}", "already belongs to partition t"
            ),
            (
                "staticPartition: {partitions: [{name: t, workloads: [w1], nodes: {a: 1}}]}",
                "w2 belongs to no partition"
            ),
            ("staticPartition: {partitions: [{name: t, workloads: [w1, w2], nodes: {b: 1}}]}", "unknown key `b`"),
        ]
        for (section, expected) in cases {
            do {
                _ = try ScenarioLoader(tracesDirectory: TestPaths.traces).load(
                    yaml: base + "\n" + section, path: "p.yaml")
                Issue.record("accepted: \(section)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
        do {
            _ = try ScenarioLoader(tracesDirectory: TestPaths.traces, staticPartition: true)
                .load(yaml: base, path: "p.yaml")
            Issue.record("baseline without a section")
        } catch {
            #expect("\(error)".contains("no `staticPartition:` section"), "\(error)")
        }
    }
}
