import CapSimCore
import CapSimScenario
import Testing

/// Scenario keys for preemption, PodDisruptionBudgets, node affinity and RequestedToCapacityRatio.
@Suite struct SchedulingKeysTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    private func yaml(scheduler: String = "", workload: String) -> String {
        """
        name: keys
        cluster:
          nodePools:
            - {name: a, count: 1, cpu: "8", memory: 32Gi, labels: {zone: a}}
        \(scheduler)
        workloads:
          - name: w
            requests: {cpu: "1"}
            duration: 1m
            arrivals: {at: [0s]}
        \(workload)
        """
    }

    @Test("preemptionPolicy, terminationGracePeriod, nodeAffinity and podDisruptionBudget reach the simulation")
    func workloadKeys() throws {
        let text = yaml(
            scheduler: """
                scheduler:
                  preemption: false
                  scoringStrategy: RequestedToCapacityRatio
                  shape: [{utilization: 0, score: 0}, {utilization: 100, score: 10}]
                  weights: {NodeAffinity: 5}
                """,
            workload: """
                    preemptionPolicy: Never
                    terminationGracePeriod: 2m
                    podDisruptionBudget: {minAvailable: 1}
                    nodeAffinity:
                      required:
                        - matchExpressions: [{key: zone, operator: In, values: [a, b]}]
                      preferred:
                        - weight: 20
                          matchExpressions: [{key: disk, operator: Exists}]
                """)
        let input = try loader.load(yaml: text, path: "keys.yaml").input
        let pod = try #require(input.jobs.first?.pod)
        #expect(pod.preemptionPolicy == .never)
        #expect(pod.terminationGracePeriodMilliseconds == 120_000)
        #expect(pod.nodeAffinity.required.first?.matchExpressions.first?.values == ["a", "b"])
        #expect(pod.nodeAffinity.preferred.first?.weight == 20)
        #expect(input.disruptionBudgets == [PodDisruptionBudget(name: "w-pdb", workload: "w", minAvailable: 1)])
        #expect(input.scheduler.preemptionEnabled == false)
        #expect(input.scheduler.scoringStrategy == .requestedToCapacityRatio)
        #expect(input.scheduler.shape.count == 2)
        #expect(input.scheduler.nodeAffinityWeight == 5)
    }

    @Test("priorityClassName takes the class's value and preemptionPolicy")
    func priorityClasses() throws {
        let text = yaml(
            scheduler: """
                priorityClasses:
                  - {name: batch-low, value: -10, preemptionPolicy: Never}
                  - {name: prod, value: 100000}
                """,
            workload: "    priorityClassName: batch-low")
        let pod = try #require(try loader.load(yaml: text, path: "pc.yaml").input.jobs.first?.pod)
        #expect(pod.priority == -10)
        #expect(pod.preemptionPolicy == .never)
        do {
            _ = try loader.load(
                yaml: yaml(
                    scheduler: "priorityClasses: [{name: prod, value: 1}]", workload: "    priorityClassName: p"),
                path: "pc.yaml")
            Issue.record("unknown class accepted")
        } catch {
            #expect("\(error)".contains("defined: prod"), "\(error)")
        }
    }

    @Test(
        "bad scheduling keys name the key and what is allowed",
        arguments: [
            (
                "", "    nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: In}]}]}",
                "needs at least one value"
            ),
            (
                "", "    nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: Gt, values: [x]}]}]}",
                "integer"
            ),
            ("", "    podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1}", "exactly one of"),
            ("", "    preemptionPolicy: Sometimes", "PreemptLowerPriority"),
            ("scheduler: {scoringStrategy: RequestedToCapacityRatio}", "", "needs `shape:`"),
            (
                "scheduler: {scoringStrategy: RequestedToCapacityRatio, shape: [{utilization: 50, score: 1}, "
                    + "{utilization: 50, score: 2}]}", "", "increase strictly"
            ),
        ])
    func badKeys(scheduler: String, workload: String, expected: String) {
        do {
            _ = try loader.load(yaml: yaml(scheduler: scheduler, workload: workload), path: "bad.yaml")
            Issue.record("expected an error containing \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".hasPrefix("bad.yaml:"), "\(error)")
        }
    }
}
