extension Simulation {
    // MARK: - The timed run loop

    /// Runs the timed event loop: for each instant, every event at that time is routed to its controller (its
    /// notifications delivered after it), then Kueue's admission cycles and kube-scheduler's scheduling pass run.
    mutating func runTimed(observer: (any SimulationObserver)?) -> SimulationResult {
        for (j, job) in input.jobs.enumerated() where j < inference.firstSlot {
            engine.schedule(.job(.arrival(job: Int32(j))), at: job.submitTime.milliseconds)
        }
        jobs.outstanding = input.jobs.count
        // Same order as always: each node's failure and its devices' failures, the autoscaler's first scan, the
        // first upgrade round, then the one-off drains (ties between events keep their scheduling order).
        startNodeLifecycle()
        startAutoscaler()
        startMaintenance()
        allocation = AllocationLedger(jobs: input.jobs, poolCount: input.cluster.pools.count)
        startInference()
        let horizon = input.horizon?.milliseconds ?? .max
        let lastSubmit = input.jobs.map(\.submitTime.milliseconds).max() ?? 0
        var sampler = Sampler(step: max(1, input.sampleStepMilliseconds))
        var clock: Int64 = 0
        var integrals = Integrals()
        var peakPending = 0
        var nextProgress = 0

        while let head = engine.next, head.time.milliseconds <= horizon {
            if isStale(head.payload) {
                _ = engine.popNext()
                continue
            }
            let t = head.time.milliseconds
            integrals.advance(to: t, from: clock, state: state)
            counters.accountDowntime(from: clock, to: t, state: state, activeNodes: autoscaler.activeNodes)
            sampler.emit(upTo: t, exclusive: true, state: state, pending: pods.pending, running: pods.running)
            defer { sampler.smallestPendingGPUs = queue.smallestPendingWholeGPUs(pods: pods, compiled: compiled) }
            clock = t
            while let next = engine.nextTime?.milliseconds, next == t, let event = engine.popNext() {
                if isStale(event.payload) { continue }
                engine.eventsProcessed += 1
                dispatch(event.payload, at: t)
                deliverNotices(at: t)
            }
            if !input.clusterQueues.isEmpty && kueue.needsCycle {
                // Kueue's scheduler loops: run cycles until one admits nothing; then none runs until a workload
                // is queued, admitted or returns its quota (`KueueController.needsCycle`).
                while admissionCycle(at: t) {}
                kueue.needsCycle = false
            }
            schedulingPass(at: t)
            peakPending = max(peakPending, pods.pending)
            if input.checksInvariants, let problem = state.invariantViolation() ?? gangViolation() {
                preconditionFailure("cluster invariant broken at t=\(t) ms: \(problem)")
            }
            if let observer, engine.eventsProcessed >= nextProgress {
                nextProgress = engine.eventsProcessed + 20_000
                let denominator = input.horizon?.milliseconds ?? max(lastSubmit, 1)
                observer.progress(min(1, Double(t) / Double(denominator)))
            }
        }
        let end = input.horizon?.milliseconds ?? clock
        integrals.advance(to: end, from: clock, state: state)
        counters.accountDowntime(from: clock, to: end, state: state, activeNodes: autoscaler.activeNodes)
        sampler.finish(at: end, state: state, pending: pods.pending, running: pods.running)
        observer?.progress(1)
        settleJobStates()
        let records = jobRecords()
        let summary =
            input.extraSummary
            + TimedSummary.metrics(
                jobs: records, input: input, state: state, integrals: integrals, end: end, peakPending: peakPending,
                preemptedPods: counters.preemptedPods)
            + DynamicsSummary.metrics(counters, input: input)
            + pipelines.metrics(input.jobs, jobs)
            + kueue.metrics(input.jobs, jobs, evictions: counters.kueueEvictions)
            + costMetrics(end: end)
            + inference.metrics(input, end: end)
        return SimulationResult(
            jobs: records, summary: summary, series: inference.series(input, sampled: sampler.series),
            endMilliseconds: end, eventsProcessed: engine.eventsProcessed)
    }

    /// Whether failures, upgrades, scans and ticks keep coming: until the horizon when there is one, otherwise only
    /// while some job is unfinished (so a run without a horizon ends).
    var disruptionsContinue: Bool { input.horizon != nil || jobs.outstanding > 0 }

    // MARK: - Routing

    /// Routes an event to the controller that owns it.
    private mutating func dispatch(_ event: Event, at t: Int64) {
        switch event {
        case .job(let e): handleJobEvent(e, at: t)
        case .queue(let e): queue.handle(e, at: t, pods: &pods, compiled: compiled, engine: &engine)
        case .nodeLifecycle(let e): handleNodeLifecycleEvent(e, at: t)
        case .maintenance(let e): handleMaintenanceEvent(e, at: t)
        case .autoscaler(let e): handleAutoscalerEvent(e, at: t)
        case .inference(.tick): inferenceTick(at: t)
        }
    }

    /// Whether an event no longer applies (its pod or node moved on), so it must not advance the clock.
    private func isStale(_ event: Event) -> Bool {
        switch event {
        case .job(let e): return isStale(e)
        case .queue(let e): return queue.isStale(e, pods: pods)
        case .nodeLifecycle(let e): return lifecycle.isStale(e, state: state, disruptionsContinue: disruptionsContinue)
        case .maintenance(let e): return MaintenanceController.isStale(e, disruptionsContinue: disruptionsContinue)
        case .autoscaler(let e): return ClusterAutoscalerController.isStale(e, disruptionsContinue: disruptionsContinue)
        case .inference: return !disruptionsContinue
        }
    }
}
