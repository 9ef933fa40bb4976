extension Simulation {
    /// Workloads whose pods or gangs no empty cluster could ever hold, found before running (for `capsim validate`'s
    /// warnings): the same checks the run makes when a job arrives (`neverFitsReason`, `gangNeverFitsReason`), on
    /// the first job of each workload.
    ///
    /// - Parameter input: A validated scenario.
    /// - Returns: One entry per such workload, in scenario order: its name and why it never fits.
    /// - Complexity: O(*w* · *n*) for *w* workloads and *n* node slots.
    public static func neverPlaceableWorkloads(_ input: SimulationInput) -> [(workload: String, reason: String)] {
        guard input.mode == .timed else { return [] }
        var firstJobs: [Int] = []
        var seen: Set<String> = []
        for (index, job) in input.jobs.enumerated() where seen.insert(job.workload).inserted {
            firstJobs.append(index)
        }
        guard !firstJobs.isEmpty else { return [] }
        var probe = input
        probe.jobs = firstJobs.map { input.jobs[$0] }
        probe.services = []
        let simulation = Simulation(input: probe)
        return probe.jobs.indices.compactMap { j in
            guard let reason = simulation.neverFitsReason(job: j) ?? simulation.gangNeverFitsReason(job: j) else {
                return nil
            }
            return (probe.jobs[j].workload, reason)
        }
    }
}
