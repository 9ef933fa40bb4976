import Testing

@testable import CapSimCore

/// A preemption whose victims include two members of one gang (found by the coverage scenarios; it crashed capsim).
@Suite struct GangPreemptionTests {
    @Test("victims from one gang: the first is evicted, its sibling leaves with the gang restart, no crash")
    func twoVictimsOfOneGang() throws {
        // One node with 8 GPUs holds gang G (2 pods x 4 GPUs). U (priority 1000, 8 GPUs) arrives at 1 h: both gang
        // pods are victims. Evicting the first restarts the gang, which stops the second at once; U starts when the
        // first has terminated (30 s grace), at 3,630 s. Only one pod was preempted.
        var gang = job("G", at: 0, cpu: 8000, memory: 32 * GiB, gpus: 4, runFor: 36_000)
        gang.parallelism = 2
        gang.gangMinAvailable = 2
        let urgent = job("U", at: 3600, cpu: 8000, memory: 32 * GiB, gpus: 8, runFor: 3600, priority: 1000)
        let input = SimulationInput(
            cluster: cluster([node("n", cpu: 64_000, memory: 512 * GiB, gpus: 8)]), jobs: [gang, urgent],
            horizon: SimTime(milliseconds: 86_400_000), checksInvariants: true)
        let result = Simulation.run(input)
        #expect(result.job("U")?.startMilliseconds == 3_630_000)
        #expect(result.metric("pods_preempted") == 1)
        #expect(result.job("G")?.preemptions == 1)
        // U ends at 7,230 s; the gang then runs again on the empty node.
        let restart = try #require(result.job("G"))
        #expect(restart.state == .succeeded)
    }
}

/// Issue #9 defect 8: a gang that no empty cluster could hold is reported at once, like an oversize pod.
@Suite struct GangNeverFitsTests {
    @Test("a gang of 3 x 4 GPUs on two 8-GPU nodes is placeable; 5 x 4 GPUs is unplaceable at once")
    func gangLargerThanTheCluster() throws {
        func gang(_ name: String, pods: Int32) -> JobSpec {
            var spec = job(name, at: 0, cpu: 1000, memory: GiB, gpus: 4, runFor: 3600)
            spec.parallelism = pods
            spec.gangMinAvailable = pods
            return spec
        }
        let nodes = [
            node("a", cpu: 64_000, memory: 512 * GiB, gpus: 8), node("b", cpu: 64_000, memory: 512 * GiB, gpus: 8),
        ]
        let input = SimulationInput(
            cluster: cluster(nodes), jobs: [gang("fits", pods: 3), gang("never", pods: 5)],
            horizon: SimTime(milliseconds: 86_400_000), checksInvariants: true)
        let result = Simulation.run(input)
        #expect(result.job("fits")?.state == .succeeded)
        let never = try #require(result.job("never"))
        #expect(never.state == .unplaceable)
        #expect(never.reason == "gang: minAvailable 5 pods never fit together (an empty cluster holds 4)")
        #expect(result.metric("jobs_unplaceable") == 1)
    }
}
