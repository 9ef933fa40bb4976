import Testing

@testable import CapSimCore

/// Gang scheduling: cases C06, C08 and C09 of cases.md. `checksInvariants` also asserts, after every scheduling
/// pass, that no gang is ever partially running.
@Suite struct GangTests {
    private func gang(_ name: String, at seconds: Int64, pods: Int32, gpus: Int32 = 1, runFor: Int64, min: Int32? = nil)
        -> JobSpec
    {
        var spec = JobSpec(
            name: name, workload: name, submitTime: SimTime(milliseconds: seconds * 1000), parallelism: pods,
            durationMilliseconds: runFor * 1000, pod: PodTemplate(cpuMillicores: 500, gpuCount: gpus))
        spec.gangMinAvailable = min ?? pods
        return spec
    }

    @Test("C06: J1 gets all 10 pods at t=100, J2 none until t=300 (queue 90 s and 289 s); never partially bound")
    func noDeadlock() throws {
        let nodes = (1...2).map { node("n\($0)", cpu: 16000, memory: 64 * GiB, gpus: 8) }
        let jobs = [
            gang("R", at: 0, pods: 16, runFor: 100), gang("J1", at: 10, pods: 10, runFor: 200),
            gang("J2", at: 11, pods: 10, runFor: 200),
        ]
        let result = Simulation.run(SimulationInput(cluster: cluster(nodes), jobs: jobs, checksInvariants: true))
        #expect(result.job("J1")?.queueMilliseconds == 90_000)
        #expect(result.job("J2")?.queueMilliseconds == 289_000)
        #expect(result.job("J2")?.endMilliseconds == 500_000)
    }

    @Test("C08: a gang that can never be complete binds no pod and does not block the independent pod Q")
    func incompleteGangHoldsNothing() throws {
        let nodes = [node("n1", cpu: 64000, memory: 64 * GiB, gpus: 10)]
        // G needs 11 GPUs together on a 10-GPU cluster (its last member can never fit).
        let jobs = [gang("G", at: 0, pods: 11, runFor: 100), job("Q", at: 5, gpus: 2, runFor: 100)]
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster(nodes), jobs: jobs, horizon: SimTime(milliseconds: 1_000_000), checksInvariants: true))
        #expect(result.job("Q")?.startMilliseconds == 5_000)
        #expect(result.job("Q")?.endMilliseconds == 105_000)
        #expect(result.job("G")?.startMilliseconds == nil)
        // Issue #9: a gang no empty cluster can hold is unplaceable at once, with this reason.
        #expect(result.job("G")?.reason == "gang: minAvailable 11 pods never fit together (an empty cluster holds 10)")
    }

    @Test("C09: 20 pods with minAvailable 20 on 8 GPUs bind nothing; GPU allocation stays 0")
    func minAvailableNotMet() throws {
        let nodes = (1...4).map { node("n\($0)", cpu: 16000, memory: 64 * GiB, gpus: 2) }
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster(nodes), jobs: [gang("T", at: 0, pods: 20, runFor: 100)],
                horizon: SimTime(milliseconds: 3_600_000), checksInvariants: true))
        #expect(result.job("T")?.startMilliseconds == nil)
        #expect(result.metric("gpu_allocation_peak") == 0)
    }

    @Test("minAvailable below parallelism: the gang starts with what fits (at least minAvailable), the rest follow")
    func partialMinAvailable() throws {
        let nodes = [node("n1", cpu: 16000, memory: 64 * GiB, gpus: 4)]
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster(nodes), jobs: [gang("E", at: 0, pods: 6, runFor: 100, min: 3)], checksInvariants: true)
        )
        let record = try #require(result.job("E"))
        #expect(record.startMilliseconds == 0)
        #expect(record.endMilliseconds == 200_000)
    }

    @Test("a node failure under one gang pod stops its siblings too; the gang restarts as a whole")
    func gangRestartsTogether() throws {
        let nodes = (1...3).map { node("n\($0)", cpu: 16000, memory: 64 * GiB, gpus: 4) }
        var spec = gang("T", at: 0, pods: 2, gpus: 4, runFor: 36_000)
        spec.checkpointIntervalMilliseconds = 3_600_000
        var input = SimulationInput(
            cluster: cluster(nodes), jobs: [spec], horizon: SimTime(milliseconds: 100 * 3_600_000),
            checksInvariants: true)
        input.failures = [
            NodeFailureModel(
                poolIndex: 0, timeBetweenFailures: .constant(5 * 3_600_000 / 2), repairTime: .constant(3_600_000))
        ]
        let result = Simulation.run(input)
        let record = try #require(result.job("T"))
        #expect(record.state == .succeeded)
        #expect(record.interruptions >= 1)
    }
}
