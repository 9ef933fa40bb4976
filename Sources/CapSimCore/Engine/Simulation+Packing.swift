extension Simulation {
    // MARK: - Arrival-only packing

    mutating func runArrivalOnly(observer: (any SimulationObserver)?) -> SimulationResult {
        var curve = PackingCurve(capacityMilli: state.totalGPUMilli)
        var fragmentation = FragmentationCurve(
            model: FragmentationModel.forWorkload(jobs: input.jobs, compiled: compiled), state: state)
        var firstRejectionArrived: Double?
        var rejected = 0
        var unplaceable = 0
        let total = input.jobs.count
        for j in 0..<total {
            eventsProcessed += 1
            if let reason = neverFitsReason(job: j) {
                jobState[j] = .unplaceable
                jobReason[j] = reason
                unplaceable += 1
            } else {
                let first = Int(jobFirstPod[j])
                for k in 0..<Int(input.jobs[j].parallelism) {
                    switch scheduler.schedule(compiled[j], state: state) {
                    case .placed(let node):
                        bind(pod: first + k, job: j, node: node, at: 0)
                        pendingPods += 1
                    case .unschedulable(let reason):
                        jobState[j] = .rejected
                        jobReason[j] = reason
                    }
                }
                if jobState[j] == .rejected {
                    rejected += 1
                    if firstRejectionArrived == nil {
                        firstRejectionArrived = curve.arrivedPercent(adding: compiled[j])
                    }
                } else {
                    jobState[j] = .running
                }
            }
            curve.record(arrived: compiled[j], state: state)
            fragmentation.record(arrived: compiled[j], state: state)
            if input.checksInvariants, let problem = state.invariantViolation() {
                preconditionFailure("cluster invariant broken after pod \(j): \(problem)")
            }
            if let observer, j % 1000 == 0 { observer.progress(Double(j) / Double(max(total, 1))) }
        }
        curve.finish(state: state)
        fragmentation.finish(state: state)
        observer?.progress(1)
        let jobs = records()
        var summary = input.extraSummary
        summary += PackingSummary.metrics(
            jobs: jobs, state: state, curve: curve, rejected: rejected, unplaceable: unplaceable,
            firstRejectionArrived: firstRejectionArrived, fragmentation: fragmentation)
        var series = curve.series
        series.columns.append(fragmentation.column)
        return SimulationResult(
            jobs: jobs, summary: summary, series: series, endMilliseconds: 0, eventsProcessed: eventsProcessed)
    }

}
