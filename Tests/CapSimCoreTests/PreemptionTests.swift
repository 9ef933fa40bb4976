import Testing

@testable import CapSimCore

/// DefaultPreemption: worked examples 13-15 of k8s-semantics.md and case C11 of cases.md.
@Suite struct PreemptionTests {
    private typealias Victim = DefaultPreemption.PotentialVictim

    @Test("example 13: reprieve keeps a and c; only b is a victim")
    func reprieve() throws {
        let pods = [
            Victim(pod: 0, priority: 10, startMilliseconds: 0, cpu: 1000),
            Victim(pod: 1, priority: 5, startMilliseconds: 0, cpu: 2000),
            Victim(pod: 2, priority: 1, startMilliseconds: 0, cpu: 1000),
        ]
        let scratch = DefaultPreemption.NodeScratch(cpu: 0, memory: 1 << 40, pods: 100, gpuFree: [])
        let result = try #require(
            DefaultPreemption.selectVictims(
                node: 0, scratch: scratch, pods: pods, preemptorPriority: 100,
                fits: { $0.fits(cpu: 2000, memory: 0, gpuCount: 0, gpuMilli: 0) }, budgetsAllowed: []))
        #expect(result.victims.map(\.pod) == [1])
        #expect(result.budgetViolations == 0)
    }

    @Test("example 14: fewest PDB violations, then lowest highest-priority victim picks X")
    func nodeChoice() {
        func victims(_ priorities: [Int32]) -> [Victim] {
            priorities.enumerated().map { Victim(pod: Int32($0), priority: $1, startMilliseconds: 0, cpu: 1) }
        }
        let x = DefaultPreemption.NodeVictims(node: 0, victims: victims([100, 50]), budgetViolations: 0)
        let y = DefaultPreemption.NodeVictims(node: 1, victims: victims([200]), budgetViolations: 0)
        let z = DefaultPreemption.NodeVictims(node: 2, victims: victims([100, 100]), budgetViolations: 1)
        #expect(DefaultPreemption.pickNode([z, y, x]) == 2)
        #expect(DefaultPreemption.pickNode([]) == nil)
    }

    @Test("node choice tie-breaks: smaller priority sum, then fewer victims, then later start")
    func laterTieBreaks() {
        let a = DefaultPreemption.NodeVictims(
            node: 0,
            victims: [
                Victim(pod: 0, priority: 5, startMilliseconds: 10, cpu: 1),
                Victim(pod: 1, priority: 5, startMilliseconds: 20, cpu: 1),
            ], budgetViolations: 0)
        let b = DefaultPreemption.NodeVictims(
            node: 1, victims: [Victim(pod: 2, priority: 5, startMilliseconds: 10, cpu: 1)], budgetViolations: 0)
        #expect(DefaultPreemption.pickNode([a, b]) == 1)
        let early = DefaultPreemption.NodeVictims(
            node: 2, victims: [Victim(pod: 3, priority: 5, startMilliseconds: 10, cpu: 1)], budgetViolations: 0)
        let late = DefaultPreemption.NodeVictims(
            node: 3, victims: [Victim(pod: 4, priority: 5, startMilliseconds: 99, cpu: 1)], budgetViolations: 0)
        #expect(DefaultPreemption.pickNode([early, late]) == 1)
    }

    @Test("example 15: candidate budget", arguments: [(40, 40), (500, 100), (5000, 500)])
    func candidateBudget(potential: Int, expected: Int) {
        #expect(DefaultPreemption.numCandidates(potentialNodes: potential) == expected)
    }

    @Test("example 10: backoff 1, 2, 4, 8, 10, 10 s")
    func backoff() {
        let config = SchedulerConfiguration.default
        #expect(
            (1...6).map { config.backoffMilliseconds(afterAttempts: $0) } == [1000, 2000, 4000, 8000, 10000, 10000])
        #expect(config.backoffMilliseconds(afterAttempts: 0) == 0)
        #expect(config.backoffMilliseconds(afterAttempts: 100) == 10000)
    }

    private func c11(preemptorCPU: Int64) -> SimulationResult {
        let nodes = [node("n1", cpu: 4000, memory: 64 * GiB), node("n2", cpu: 4000, memory: 64 * GiB)]
        func pinned(_ name: String, cpu: Int64, priority: Int32, on host: String) -> JobSpec {
            var spec = job(name, at: 0, cpu: cpu, runFor: 36000, priority: priority, on: host)
            spec.workload = name
            return spec
        }
        var jobs = [
            pinned("high", cpu: 2000, priority: 1000, on: "n1"), pinned("low", cpu: 2000, priority: 0, on: "n1"),
            pinned("mid", cpu: 4000, priority: 100, on: "n2"),
        ]
        var preemptor = job("P", at: 1, cpu: preemptorCPU, runFor: 60, priority: 10000)
        preemptor.workload = "P"
        jobs.append(preemptor)
        let budgets = [
            PodDisruptionBudget(name: "low-pdb", workload: "low", maxUnavailable: 0),
            PodDisruptionBudget(name: "mid-pdb", workload: "mid", maxUnavailable: 0),
        ]
        return Simulation.run(
            SimulationInput(
                cluster: cluster(nodes), jobs: jobs, horizon: SimTime(milliseconds: 120_000),
                checksInvariants: true, disruptionBudgets: budgets))
    }

    @Test("C11 A: tie on PDB violations; n2's top victim (100) is lower than n1's (1000), so only mid is evicted")
    func c11WholeNode() throws {
        let result = c11(preemptorCPU: 4000)
        #expect(result.job("mid")?.preemptions == 1)
        #expect(result.job("high")?.preemptions == 0)
        #expect(result.job("low")?.preemptions == 0)
        let p = try #require(result.job("P"))
        #expect(p.node == "n2")
        #expect(p.startMilliseconds == 31_000)
    }

    @Test("C11 B: n1 has a PDB-safe victim set {high}; rule 1 beats rule 2, so high is evicted")
    func c11HalfNode() throws {
        let result = c11(preemptorCPU: 2000)
        #expect(result.job("high")?.preemptions == 1)
        #expect(result.job("mid")?.preemptions == 0)
        // Cascade (C11 follow-up): high's replacement (1000) preempts again at 31 s. Both options violate one
        // PDB, and low (0) is a lower top victim than mid (100), so low goes; the PDB only made it less preferred.
        #expect(result.job("low")?.preemptions == 1)
        let p = try #require(result.job("P"))
        #expect(p.node == "n1")
        #expect(p.startMilliseconds == 31_000)
    }

    @Test("C11 follow-up: with no PDB-safe option, preemption still proceeds and violates the budget")
    func pdbDoesNotForbid() throws {
        let nodes = [node("n1", cpu: 4000, memory: 64 * GiB)]
        var victim = job("guarded", at: 0, cpu: 4000, runFor: 36000, priority: 0)
        victim.workload = "guarded"
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster(nodes), jobs: [victim, job("P", at: 1, cpu: 1000, runFor: 10, priority: 10)],
                horizon: SimTime(milliseconds: 100_000), checksInvariants: true,
                disruptionBudgets: [PodDisruptionBudget(name: "pdb", workload: "guarded", minAvailable: 1)]))
        #expect(result.job("guarded")?.preemptions == 1)
        #expect(result.job("P")?.startMilliseconds == 31_000)
    }

    @Test("a nominated node is reserved: an equal-priority newcomer cannot take the room freed for the preemptor")
    func nominationReservesRoom() throws {
        let nodes = [node("n", cpu: 4000, memory: 8 * GiB)]
        let jobs = [
            job("low", at: 0, cpu: 4000, runFor: 1000, priority: 0),
            job("high", at: 1, cpu: 3000, runFor: 100, priority: 100),
            job("late", at: 20, cpu: 3000, runFor: 100, priority: 100),
        ]
        let result = Simulation.run(SimulationInput(cluster: cluster(nodes), jobs: jobs, checksInvariants: true))
        #expect(result.job("high")?.startMilliseconds == 31_000)
        #expect(result.job("late")?.startMilliseconds == 131_000)
    }
}
