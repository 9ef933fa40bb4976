extension Simulation {
    /// Workloads with pods or gangs that no empty cluster could hold, found before running (for `capsim validate`'s
    /// warnings): the same checks the run makes when a job arrives (`neverFitsReason`, `gangNeverFitsReason`), on
    /// one job of each distinct pod template of each workload (so every pipeline step is checked) and on one
    /// replica of each inference service.
    ///
    /// - Parameter input: A validated scenario.
    /// - Returns: One entry per such template, in scenario order: the workload's name, the job's name (for a
    ///   service, `<service>-replica`) and why it never fits.
    /// - Complexity: O(*t* · *n*) for *t* distinct templates and *n* node slots.
    public static func neverPlaceableWorkloads(
        _ input: SimulationInput
    ) -> [(workload: String, job: String, reason: String)] {
        guard input.mode == .timed else { return [] }
        var probes: [JobSpec] = []
        var seen: [String: [(PodTemplate, Int32?)]] = [:]
        for job in input.jobs {
            let shape = (job.pod, job.gangMinAvailable)
            if seen[job.workload, default: []].contains(where: { $0.0 == shape.0 && $0.1 == shape.1 }) { continue }
            seen[job.workload, default: []].append(shape)
            // The probe is a job on its own: no links to pipeline steps, CronJobs or queues of the full input.
            var probe = job
            probe.dependsOn = []
            probe.pipelineRun = nil
            probe.cronJob = nil
            probe.clusterQueue = nil
            probes.append(probe)
        }
        for service in input.services {
            probes.append(
                JobSpec(
                    name: "\(service.name)-replica", workload: service.name, submitTime: SimTime(milliseconds: 0),
                    durationMilliseconds: nil, pod: service.pod))
        }
        guard !probes.isEmpty else { return [] }
        var probe = input
        probe.jobs = probes
        probe.services = []
        let simulation = Simulation(input: probe)
        return probe.jobs.indices.compactMap { j in
            guard let reason = simulation.neverFitsReason(job: j) ?? simulation.gangNeverFitsReason(job: j) else {
                return nil
            }
            return (probe.jobs[j].workload, probe.jobs[j].name, reason)
        }
    }
}
