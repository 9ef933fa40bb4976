import Testing

@testable import CapSimCore

/// The paths that take a pod off the scheduling queue or off its node must all do the same bookkeeping: clear a
/// preemption nomination, and book the requests the pod held for cost allocation (OpenCost), whatever the reason.
@Suite struct UnbindPathTests {
    private static let hour: Int64 = 3_600_000

    /// A job of workload `workload` needing whole GPUs.
    private func gpuJob(
        _ name: String, workload: String = "w", at seconds: Int64, gpus: Int32 = 1, runFor: Int64? = 36_000,
        priority: Int32 = 0, parallelism: Int32 = 1, grace: Int64 = 30_000
    ) -> JobSpec {
        var spec = job(name, at: seconds, gpus: gpus, runFor: runFor, priority: priority)
        spec.workload = workload
        spec.parallelism = parallelism
        spec.pod.terminationGracePeriodMilliseconds = grace
        return spec
    }

    /// Runs an input and returns the simulation (to inspect its state) with the result.
    private func simulate(_ input: SimulationInput) -> (Simulation, SimulationResult) {
        var simulation = Simulation(input: input)
        let result = simulation.run()
        return (simulation, result)
    }

    @Test("a CronJob Replace of a nominated pod clears its nomination, so the next run can use the node")
    func replaceClearsNomination() throws {
        // n has 1 GPU, held by L (priority 0, 60 s grace). R1 (priority 100) arrives at 10 s, preempts L and is
        // nominated to n. R2, the next run of the same CronJob (Replace), arrives at 30 s while L is still
        // terminating: it stops R1, which is still waiting. L is gone at 10 + 60 = 70 s; R2 must start then
        // (its backoff after the failed attempt at 30 s expired long before). A nomination left behind by R1
        // would reserve the GPU for priority 100 and R2 would never start.
        var low = gpuJob("L", at: 0, runFor: 100_000, grace: 60_000)
        low.workload = "low"
        var r1 = gpuJob("R1", at: 10, runFor: 1000, priority: 100)
        var r2 = gpuJob("R2", at: 30, runFor: 1000, priority: 100)
        for i in [0, 1] {
            var r = i == 0 ? r1 : r2
            r.cronJob = 0
            r.concurrencyPolicy = .replace
            if i == 0 { r1 = r } else { r2 = r }
        }
        let input = SimulationInput(
            cluster: cluster([node("n", cpu: 8000, memory: 64 * GiB, gpus: 1)]), jobs: [low, r1, r2],
            horizon: SimTime(milliseconds: 2 * Self.hour), checksInvariants: true)
        let (simulation, result) = simulate(input)
        #expect(result.job("R1")?.state == .replaced)
        #expect(result.job("R2")?.startMilliseconds == 70_000)
        #expect(result.job("L")?.preemptions == 1)
        #expect(simulation.state.nominationCount == 0)
    }

    /// GPU-hours booked to a workload's cost allocation by pods that left their node (pods still bound at the end
    /// are added by `costMetrics` and are not in the ledger).
    private func bookedGPUHours(_ simulation: Simulation, workload: String) -> Double {
        let ledger = simulation.allocationLedger
        guard let w = ledger.workloadNames.firstIndex(of: workload) else { return 0 }
        return ledger.workloads()[w].hoursByPool.reduce(0) { $0 + $1.gpuHours }
    }

    @Test("a pod stopped by a CronJob Replace books the GPU time it held")
    func replaceBooksAllocation() {
        // R1 runs from 0 and is replaced at 1 h by R2, which runs 30 min: 1 + 0.5 = 1.5 GPU-h.
        var r1 = gpuJob("R1", at: 0)
        var r2 = gpuJob("R2", at: 3600, runFor: 1800)
        r1.cronJob = 0
        r2.cronJob = 0
        r1.concurrencyPolicy = .replace
        r2.concurrencyPolicy = .replace
        let input = SimulationInput(
            cluster: cluster([node("n", cpu: 8000, memory: 64 * GiB, gpus: 1)]), jobs: [r1, r2],
            horizon: SimTime(milliseconds: 3 * Self.hour), checksInvariants: true)
        let (simulation, _) = simulate(input)
        #expect(abs(bookedGPUHours(simulation, workload: "w") - 1.5) < 1e-12)
    }

    @Test("a failed pod (restartPolicy Never) books the GPU time it held")
    func failedPodBooksAllocation() {
        // The pod fails after 20 min; backoffLimit 0 fails the Job: 1/3 GPU-h.
        var failing = gpuJob("F", at: 0)
        failing.failsAfterMilliseconds = 1_200_000
        failing.backoffLimit = 0
        let input = SimulationInput(
            cluster: cluster([node("n", cpu: 8000, memory: 64 * GiB, gpus: 1)]), jobs: [failing],
            horizon: SimTime(milliseconds: 2 * Self.hour), checksInvariants: true)
        let (simulation, result) = simulate(input)
        #expect(result.job("F")?.state == .failed)
        #expect(abs(bookedGPUHours(simulation, workload: "w") - 1.0 / 3) < 1e-12)
    }

    @Test("a gang sibling stopped with a preempted member books the GPU time it held")
    func gangSiblingBooksAllocation() {
        // Gang G (2 pods, 1 GPU each, one per node) runs from 0. P (priority 100) arrives at 1 h and preempts one
        // member, which terminates after its 30 s grace period; its sibling stops at once at 1 h. P takes the
        // freed node and runs past the 1.5 h horizon, so the gang cannot come back: G holds 1 h + (1 h + 30 s).
        var gang = gpuJob("G", workload: "g", at: 0, parallelism: 2)
        gang.gangMinAvailable = 2
        let preemptor = gpuJob("P", workload: "p", at: 3600, priority: 100)
        let input = SimulationInput(
            cluster: cluster([
                node("a", cpu: 8000, memory: 64 * GiB, gpus: 1), node("b", cpu: 8000, memory: 64 * GiB, gpus: 1),
            ]), jobs: [gang, preemptor], horizon: SimTime(milliseconds: 3 * Self.hour / 2), checksInvariants: true)
        let (simulation, result) = simulate(input)
        #expect(result.job("P")?.startMilliseconds == 3_630_000)
        #expect(abs(bookedGPUHours(simulation, workload: "g") - (2 + 30.0 / 3600)) < 1e-12)
    }

    @Test("a pod whose GPU device fails books the GPU time it held")
    func deviceFailureBooksAllocation() {
        // The node's only GPU fails after exactly 1 h (constant) and is replaced after 100 h: the pod held 1 GPU-h
        // and cannot come back before the 2 h horizon.
        var input = SimulationInput(
            cluster: cluster([node("n", cpu: 8000, memory: 64 * GiB, gpus: 1)]), jobs: [gpuJob("D", at: 0)],
            horizon: SimTime(milliseconds: 2 * Self.hour), checksInvariants: true)
        input.failures = [
            NodeFailureModel(
                poolIndex: 0, timeBetweenFailures: .constant(1000 * Self.hour), repairTime: .constant(Self.hour),
                gpuTimeBetweenFailures: .constant(Self.hour), gpuRepairTime: .constant(100 * Self.hour))
        ]
        let (simulation, result) = simulate(input)
        #expect(result.metric("gpu_device_failures") == 1)
        #expect(abs(bookedGPUHours(simulation, workload: "w") - 1) < 1e-12)
    }

    @Test("a finished pod books exactly its run time (the path that already worked)")
    func finishedPodBooksAllocation() {
        let input = SimulationInput(
            cluster: cluster([node("n", cpu: 8000, memory: 64 * GiB, gpus: 1)]),
            jobs: [gpuJob("A", at: 0, runFor: 5400)], horizon: SimTime(milliseconds: 2 * Self.hour))
        let (simulation, _) = simulate(input)
        #expect(abs(bookedGPUHours(simulation, workload: "w") - 1.5) < 1e-12)
    }
}

extension Simulation {
    /// The cost-allocation ledger of a run (test access).
    var allocationLedger: AllocationLedger { allocation }
}
