extension Simulation {
    /// The arrival-only packing replay of the ATC'23 paper: pods are placed one by one in job order and never
    /// leave; a pod that fits no node now is rejected (not retried), one that fits no node even when empty is
    /// unplaceable. Records the allocation (and fragmentation) curve against the arrived GPU request.
    mutating func runArrivalOnly(observer: (any SimulationObserver)?) -> SimulationResult {
        var curve = PackingCurve(capacityMilli: state.totalGPUMilli)
        var fragmentation = FragmentationCurve(
            model: FragmentationModel.forWorkload(jobs: input.jobs, compiled: compiled), state: state)
        var firstRejectionArrived: Double?
        var rejected = 0
        var unplaceable = 0
        let total = input.jobs.count
        for j in 0..<total {
            engine.eventsProcessed += 1
            if let reason = cachedNeverFitsReason(job: j) {
                jobs.state[j] = .unplaceable
                jobs.reason[j] = reason
                unplaceable += 1
            } else {
                let first = Int(jobs.firstPod[j])
                for k in 0..<Int(input.jobs[j].parallelism) {
                    switch scheduler.schedule(compiled[j], state: state) {
                    case .placed(let node):
                        bind(pod: first + k, node: node, at: 0)
                        pods.pending += 1
                    case .unschedulable(let reason):
                        jobs.state[j] = .rejected
                        jobs.reason[j] = reason
                    }
                }
                if jobs.state[j] == .rejected {
                    rejected += 1
                    if firstRejectionArrived == nil {
                        firstRejectionArrived = curve.arrivedPercent(adding: compiled[j])
                    }
                } else {
                    jobs.state[j] = .running
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
        let records = jobRecords()
        var summary = input.extraSummary
        summary += PackingSummary.metrics(
            jobs: records, state: state, curve: curve, rejected: rejected, unplaceable: unplaceable,
            firstRejectionArrived: firstRejectionArrived, fragmentation: fragmentation)
        var series = curve.series
        series.columns.append(fragmentation.column)
        return SimulationResult(
            jobs: records, summary: summary, series: series, endMilliseconds: 0, eventsProcessed: engine.eventsProcessed
        )
    }
}
