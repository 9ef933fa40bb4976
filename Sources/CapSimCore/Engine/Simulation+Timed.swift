extension Simulation {
    // MARK: - Run loop

    mutating func runTimed(observer: (any SimulationObserver)?) -> SimulationResult {
        for (j, job) in input.jobs.enumerated() where j < serviceSlotStart {
            events.schedule(.jobArrival(Int32(j)), at: job.submitTime)
        }
        jobsOutstanding = input.jobs.count
        startDynamics()
        prepareAllocationLedger()
        startInference()
        let horizon = input.horizon?.milliseconds ?? .max
        let lastSubmit = input.jobs.map(\.submitTime.milliseconds).max() ?? 0
        var sampler = Sampler(step: max(1, input.sampleStepMilliseconds))
        var clock: Int64 = 0
        var integrals = Integrals()
        var peakPending = 0
        var nextProgress = 0

        while let head = events.peek, head.time.milliseconds <= horizon {
            if isStale(head.payload) {
                _ = events.popNext()
                continue
            }
            let t = head.time.milliseconds
            integrals.advance(to: t, from: clock, state: state)
            accountDowntime(from: clock, to: t)
            sampler.emit(upTo: t, exclusive: true, state: state, pending: pendingPods, running: runningPods)
            defer { sampler.smallestPendingGPUs = smallestPendingWholeGPUs() }
            clock = t
            while let next = events.nextTime?.milliseconds, next == t, let event = events.popNext() {
                if isStale(event.payload) { continue }
                eventsProcessed += 1
                handle(event.payload, at: t)
            }
            if !input.clusterQueues.isEmpty {
                // Kueue's scheduler loops: run cycles until one admits nothing.
                while admissionCycle(at: t) {}
            }
            schedulingPass(at: t)
            peakPending = max(peakPending, pendingPods)
            if input.checksInvariants, let problem = state.invariantViolation() ?? gangViolation() {
                preconditionFailure("cluster invariant broken at t=\(t) ms: \(problem)")
            }
            if let observer, eventsProcessed >= nextProgress {
                nextProgress = eventsProcessed + 20_000
                let denominator = input.horizon?.milliseconds ?? max(lastSubmit, 1)
                observer.progress(min(1, Double(t) / Double(denominator)))
            }
        }
        let end = input.horizon?.milliseconds ?? clock
        integrals.advance(to: end, from: clock, state: state)
        accountDowntime(from: clock, to: end)
        sampler.finish(at: end, state: state, pending: pendingPods, running: runningPods)
        observer?.progress(1)
        settleJobStates()
        let jobs = records()
        let summary =
            input.extraSummary
            + TimedSummary.metrics(
                jobs: jobs, input: input, state: state, integrals: integrals, end: end, peakPending: peakPending,
                preemptedPods: preemptedPods)
            + DynamicsSummary.metrics(dynamics, input: input)
            + pipelineMetrics()
            + queueMetrics()
            + costMetrics(end: end)
            + inferenceMetrics(end: end)
        return SimulationResult(
            jobs: jobs, summary: summary, series: inferenceSeries(sampler.series), endMilliseconds: end,
            eventsProcessed: eventsProcessed)
    }

    /// Smallest whole-GPU request among pods waiting in the unschedulable pool or backoff (0 for none).
    private func smallestPendingWholeGPUs() -> Int32 {
        var smallest: Int32 = .max
        for p in unschedulable {
            let pod = compiled[Int(podJob[Int(p)])]
            if pod.gpuCount > 0 && pod.gpuMilli >= 1000 { smallest = min(smallest, pod.gpuCount) }
        }
        return smallest == .max ? 0 : smallest
    }

    /// Whether an event no longer applies (its pod moved on), so it must not advance the clock.
    private func isStale(_ event: Event) -> Bool {
        switch event {
        case .jobArrival: return false
        case .podFinish(let p, let attempt): return podAttempt[Int(p)] != attempt || podPhase[Int(p)] != .running
        case .podTerminated(let p, let attempt):
            return podAttempt[Int(p)] != attempt || podPhase[Int(p)] != .terminating
        case .backoffExpired(let p, let generation):
            return podGeneration[Int(p)] != generation || podPhase[Int(p)] != .backoff
        case .unschedulableFlush(let p, let generation):
            return podGeneration[Int(p)] != generation || podPhase[Int(p)] != .unschedulable
        case .podReplaced(let p, let attempt): return podAttempt[Int(p)] != attempt || podPhase[Int(p)] != .lost
        case .nodeFailure(let n, let generation):
            return nodeGeneration[Int(n)] != generation || !disruptionsContinue
        case .upgradeRound, .autoscalerScan, .deviceFailure, .inferenceTick: return !disruptionsContinue
        case .nodeRepaired, .drainRetry, .upgradeDone, .drainStart, .drainEnd, .nodeProvisioned, .deviceRepaired:
            return false
        case .podFailure(let p, let attempt), .containerRestart(let p, let attempt):
            return podAttempt[Int(p)] != attempt || podPhase[Int(p)] != .running
        }
    }

    private mutating func handle(_ event: Event, at t: Int64) {
        switch event {
        case .jobArrival(let j):
            jobArrived[Int(j)] = true
            if jobWaitingFor[Int(j)] == 0 { arrive(job: Int(j), at: t) }
        case .podFinish(let p, let attempt):
            guard podAttempt[Int(p)] == attempt, podPhase[Int(p)] == .running else { return }
            finish(pod: Int(p), at: t)
        case .podTerminated(let p, let attempt):
            guard podAttempt[Int(p)] == attempt, podPhase[Int(p)] == .terminating else { return }
            terminated(pod: Int(p), at: t)
        case .backoffExpired(let p, let generation):
            guard podGeneration[Int(p)] == generation, podPhase[Int(p)] == .backoff else { return }
            activate(pod: Int(p), timestamp: podLastFailure[Int(p)])
        case .unschedulableFlush(let p, let generation):
            guard podGeneration[Int(p)] == generation, podPhase[Int(p)] == .unschedulable else { return }
            if podParkedAtChange[Int(p)] == clusterChanges {
                // Nothing changed since its last attempt, so a retry would fail the same way: sleep until a change.
                podDormant[Int(p)] = true
                return
            }
            if let i = unschedulable.firstIndex(of: p) { unschedulable.remove(at: i) }
            requeue(pod: Int(p), at: t)
        case .podReplaced(let p, _): recreate(pod: Int(p), at: t)
        case .nodeFailure(let n, _): failNode(Int(n), at: t)
        case .nodeRepaired(let n): repairNode(Int(n), at: t)
        case .upgradeRound: startUpgradeRound(at: t)
        case .drainRetry(let n): drain(Int(n), at: t)
        case .upgradeDone(let n): finishUpgrade(Int(n), at: t)
        case .drainStart(let i): startOneOffDrain(Int(i), at: t)
        case .autoscalerScan: autoscalerScan(at: t)
        case .podFailure(let p, _): podFailed(Int(p), at: t)
        case .containerRestart(let p, _): containerRestarted(Int(p), at: t)
        case .deviceFailure(let n, let d, _): failDevice(node: Int(n), device: Int(d), at: t)
        case .deviceRepaired(let n, let d): repairDevice(node: Int(n), device: Int(d), at: t)
        case .nodeProvisioned(let n): nodeProvisioned(Int(n), at: t)
        case .drainEnd(let i): endOneOffDrain(Int(i), at: t)
        case .inferenceTick: inferenceTick(at: t)
        }
    }

    /// Jobs that did not finish: running if every pod is bound, otherwise pending with a reason.
    private mutating func settleJobStates() {
        for j in 0..<input.jobs.count where jobState[j] == .pending {
            let first = Int(jobFirstPod[j])
            let pods = first..<(first + Int(input.jobs[j].parallelism))
            if jobStart[j] >= 0 && pods.allSatisfy({ podPhase[$0] == .running || podPhase[$0] == .done }) {
                jobState[j] = .running
            } else if let queue = input.jobs[j].clusterQueue, jobArrived[j], jobAdmitted[j] < 0,
                jobWaitingFor[j] == 0
            {
                jobReason[j] = "waiting for quota in ClusterQueue \(input.clusterQueues[Int(queue)].name)"
            } else if jobWaitingFor[j] > 0 && jobArrived[j] {
                jobReason[j] = "still waiting for its dependencies at the end of the run"
            } else if !jobArrived[j] {
                jobReason[j] = "not yet submitted when the run ended"
            } else if jobReason[j] == nil {
                jobReason[j] = "still waiting for a node at the end of the run"
            }
        }
    }

    // MARK: - Pod life

    private mutating func arrive(job j: Int, at t: Int64) {
        jobQueued[j] = t
        if let cron = input.jobs[j].cronJob {
            if let previous = cronLatest[cron], isActive(job: previous) {
                switch input.jobs[j].concurrencyPolicy {
                case .allow: break
                case .forbid:
                    jobState[j] = .skipped
                    jobReason[j] = "skipped: \(input.jobs[previous].name) was still active (concurrencyPolicy Forbid)"
                    jobsOutstanding -= 1
                    return
                case .replace: cancel(job: previous, at: t)
                }
            }
            cronLatest[cron] = j
        }
        if let reason = neverFitsReason(job: j) {
            jobState[j] = .unplaceable
            jobReason[j] = reason
            jobsOutstanding -= 1
            blockDependents(of: j, because: input.jobs[j].name)
            let first = Int(jobFirstPod[j])
            for k in 0..<Int(input.jobs[j].parallelism) { podPhase[first + k] = .unplaceable }
            return
        }
        if let queue = input.jobs[j].clusterQueue {
            queuePending[Int(queue)].append(Int32(j))
            return
        }
        startPods(job: j, at: t)
    }

    /// Puts every pod of a job in the active queue.
    private mutating func startPods(job j: Int, at t: Int64) {
        let first = Int(jobFirstPod[j])
        // Pods of a re-admitted workload that are still terminating join when they are recreated.
        for k in 0..<Int(input.jobs[j].parallelism) where podPhase[first + k] == .notCreated {
            pendingPods += 1
            activate(pod: first + k, timestamp: t)
        }
    }

    // MARK: - Kueue admission

    /// Total requests of a job (all pods).
    private func quotaRequest(job j: Int) -> QuotaVector {
        let pod = compiled[j]
        let n = Int64(input.jobs[j].parallelism)
        return QuotaVector(cpu: pod.cpu * n, memory: pod.memory * n, gpuMilli: pod.totalGPUMilli * n)
    }

    /// One Kueue admission cycle: candidates (each queue's head for StrictFIFO, every waiting workload for
    /// BestEffortFIFO, each queue in priority then queue-time order) are admitted in order non-borrowing first,
    /// then priority, then queue time, while they fit; admitted workloads' pods enter the scheduling queue.
    private mutating func admissionCycle(at t: Int64) -> Bool {
        guard queuePending.contains(where: { !$0.isEmpty }) else { return false }
        var admitted = false
        var candidates: [(job: Int, queue: Int, borrows: Bool)] = []
        for q in queuePending.indices where !queuePending[q].isEmpty {
            queuePending[q].sort { a, b in
                let (pa, pb) = (compiled[Int(a)].priority, compiled[Int(b)].priority)
                if pa != pb { return pa > pb }
                return (jobQueued[Int(a)], a) < (jobQueued[Int(b)], b)
            }
            let strict = input.clusterQueues[q].queueingStrategy == .strictFIFO
            for j in strict ? Array(queuePending[q].prefix(1)) : queuePending[q] {
                let borrows = flavorFit(job: Int(j), queue: q)?.borrows
                candidates.append((Int(j), q, borrows ?? true))
            }
        }
        candidates.sort { a, b in
            if a.borrows != b.borrows { return !a.borrows }
            let (pa, pb) = (compiled[a.job].priority, compiled[b.job].priority)
            if pa != pb { return pa > pb }
            return (jobQueued[a.job], a.job) < (jobQueued[b.job], b.job)
        }
        for candidate in candidates {
            let request = quotaRequest(job: candidate.job)
            var entry = flavorFit(job: candidate.job, queue: candidate.queue)?.entry
            if entry == nil {
                // flavorFungibility whenCanPreempt TryNextFlavor: preempt only when no flavor fits without it.
                for e in flavorEntries(candidate.queue) {
                    guard let victims = quotaVictims(for: candidate.job, queue: e) else { continue }
                    for victim in victims { evictWorkload(victim, at: t) }
                    entry = e
                    break
                }
            }
            guard let entry else { continue }
            queueUsage[entry] = queueUsage[entry] + request
            jobFlavor[candidate.job] = entry
            let labels = input.clusterQueues[entry].nodeLabels
            compiled[candidate.job].nodeSelector = (baseNodeSelector[candidate.job] + labels.map { ($0.key, $0.value) })
                .sorted { $0.0 < $1.0 }
            queuePending[candidate.queue].removeAll { $0 == Int32(candidate.job) }
            jobAdmitted[candidate.job] = t
            startPods(job: candidate.job, at: t)
            admitted = true
        }
        return admitted
    }

    /// The entries (flavors, in order) of the ClusterQueue whose first entry is `q`.
    private func flavorEntries(_ q: Int) -> Range<Int> {
        var end = q + 1
        while end < input.clusterQueues.count && input.clusterQueues[end].name == input.clusterQueues[q].name {
            end += 1
        }
        return q..<end
    }

    /// The first flavor of the job's ClusterQueue where it fits (flavorFungibility whenCanBorrow MayStopSearch:
    /// a flavor that fits by borrowing is taken too), and whether it borrows there.
    private func flavorFit(job j: Int, queue q: Int) -> (entry: Int, borrows: Bool)? {
        let request = quotaRequest(job: j)
        for e in flavorEntries(q) {
            if let borrows = KueueQuota.fit(request, queue: e, queues: input.clusterQueues, usage: queueUsage) {
                return (e, borrows)
            }
        }
        return nil
    }

    /// Kueue preemption (`pkg/scheduler/preemption`): the admitted workloads to evict so `j` fits, or `nil`.
    ///
    /// Candidates: this queue's lower-priority (or, with `LowerOrNewerEqualPriority`, newer equal-priority)
    /// workloads under `withinClusterQueue`, and workloads of cohort queues that are borrowing under
    /// `reclaimWithinCohort` (`Any`, or only lower priority). Order: other queues first, lower priority, most recently
    /// admitted. Taken greedily until `j` fits (with fair sharing only while the target queue's share without the
    /// workload stays at least the preemptor queue's share with `j`, or the preemptor's share is below the target's
    /// current share), then minimized by dropping, from the last, any victim not needed.
    private func quotaVictims(for j: Int, queue q: Int) -> [Int]? {
        let spec = input.clusterQueues[q]
        guard spec.withinClusterQueue != .never || spec.reclaimWithinCohort != .never else { return nil }
        let priority = compiled[j].priority
        var targets: [Int] = []
        for (v, job) in input.jobs.enumerated() {
            guard job.clusterQueue != nil, jobAdmitted[v] >= 0, jobState[v] == .pending, v != j else { continue }
            let vq = jobFlavor[v]
            let vp = compiled[v].priority
            if vq == q {
                switch spec.withinClusterQueue {
                case .never: continue
                case .lowerPriority: if vp >= priority { continue }
                case .lowerOrNewerEqualPriority:
                    if vp > priority || (vp == priority && jobQueued[v] <= jobQueued[j]) { continue }
                }
            } else {
                let other = input.clusterQueues[vq]
                guard let cohort = spec.cohort, other.cohort == cohort, !queueUsage[vq].allSatisfy(other.nominal, <=)
                else { continue }
                switch spec.reclaimWithinCohort {
                case .never: continue
                case .lowerPriority: if vp >= priority { continue }
                case .any: break
                }
            }
            targets.append(v)
        }
        targets.sort { a, b in
            let (qa, qb) = (jobFlavor[a], jobFlavor[b])
            if (qa == q) != (qb == q) { return qb == q }
            if compiled[a].priority != compiled[b].priority { return compiled[a].priority < compiled[b].priority }
            return (jobAdmitted[a], a) > (jobAdmitted[b], b)
        }
        let request = quotaRequest(job: j)
        var usage = queueUsage
        var lendable = QuotaVector()
        for other in input.clusterQueues where other.cohort != nil && other.cohort == spec.cohort {
            lendable = lendable + other.nominal
        }
        var victims: [Int] = []
        for v in targets {
            if KueueQuota.fit(request, queue: q, queues: input.clusterQueues, usage: usage) != nil { break }
            let vq = jobFlavor[v]
            var without = usage
            without[vq] = without[vq] - quotaRequest(job: v)
            if input.kueueFairSharing && vq != q {
                var with = usage
                with[q] = with[q] + request
                let preemptorShare = KueueQuota.dominantResourceShare(
                    usage: with[q], queue: spec, lendable: lendable)
                let targetAfter = KueueQuota.dominantResourceShare(
                    usage: without[vq], queue: input.clusterQueues[vq], lendable: lendable)
                let targetNow = KueueQuota.dominantResourceShare(
                    usage: usage[vq], queue: input.clusterQueues[vq], lendable: lendable)
                guard preemptorShare <= targetAfter || preemptorShare < targetNow else { continue }
            }
            usage = without
            victims.append(v)
        }
        guard KueueQuota.fit(request, queue: q, queues: input.clusterQueues, usage: usage) != nil else { return nil }
        for v in victims.reversed() {
            let vq = jobFlavor[v]
            var back = usage
            back[vq] = back[vq] + quotaRequest(job: v)
            if KueueQuota.fit(request, queue: q, queues: input.clusterQueues, usage: back) != nil {
                usage = back
                victims.removeAll { $0 == v }
            }
        }
        return victims
    }

    /// Kueue evicts an admitted workload: its quota is released now, its running pods terminate gracefully (losing
    /// the work since their last checkpoint), waiting pods leave the scheduling queue, and the workload waits in its
    /// ClusterQueue to be admitted again.
    private mutating func evictWorkload(_ v: Int, at t: Int64) {
        releaseQuota(job: v)
        jobAdmitted[v] = -1
        jobPreemptions[v] += 1
        dynamics.kueueEvictions += 1
        let first = Int(jobFirstPod[v])
        for p in first..<(first + Int(input.jobs[v].parallelism)) {
            switch podPhase[p] {
            case .running: startTermination(pod: p, at: t)
            case .active, .backoff, .unschedulable: withdraw(pod: p, to: .notCreated)
            case .lost: podPhase[p] = .notCreated
            default: break
            }
        }
        if let queue = input.jobs[v].clusterQueue { queuePending[Int(queue)].append(Int32(v)) }
    }

    /// Takes a waiting pod (active, in backoff or unschedulable) out of the scheduling queue; its stale queue
    /// entries and events are skipped by their phase checks.
    private mutating func withdraw(pod p: Int, to phase: PodPhase) {
        if podPhase[p] == .unschedulable, let i = unschedulable.firstIndex(of: Int32(p)) { unschedulable.remove(at: i) }
        podPhase[p] = phase
        pendingPods -= 1
    }

    /// Returns an admitted job's quota when it ends.
    private mutating func releaseQuota(job j: Int) {
        guard input.jobs[j].clusterQueue != nil, jobAdmitted[j] >= 0, jobFlavor[j] >= 0 else { return }
        let queue = jobFlavor[j]
        queueUsage[Int(queue)] = queueUsage[Int(queue)] - quotaRequest(job: j)
    }

    /// Puts a pod in the active queue with a PrioritySort timestamp.
    private mutating func activate(pod p: Int, timestamp: Int64) {
        podPhase[p] = .active
        activeQueue.push(pod: Int32(p), priority: compiled[Int(podJob[p])].priority, timestamp: timestamp)
    }

    /// Moves a pod out of the unschedulable pool: to the active queue if its backoff has expired, else to backoff.
    private mutating func requeue(pod p: Int, at t: Int64) {
        let expiry =
            podLastFailure[p] + input.scheduler.backoffMilliseconds(afterAttempts: Int(podFailures[p]))
        if expiry <= t {
            activate(pod: p, timestamp: podLastFailure[p])
        } else {
            podPhase[p] = .backoff
            podGeneration[p] &+= 1
            events.schedule(
                .backoffExpired(pod: Int32(p), generation: podGeneration[p]), at: SimTime(milliseconds: expiry))
        }
    }

    private mutating func finish(pod p: Int, at t: Int64) {
        let node = Int(podNode[p])
        accrueAllocation(pod: p, until: t)
        release(pod: p)
        podPhase[p] = .done
        let j = Int(podJob[p])
        jobFinishedPods[j] += 1
        if jobFinishedPods[j] == input.jobs[j].parallelism {
            jobEnd[j] = t
            jobState[j] = .succeeded
            jobsOutstanding -= 1
            releaseQuota(job: j)
            for d in jobDependents[j] {
                jobWaitingFor[Int(d)] -= 1
                if jobWaitingFor[Int(d)] == 0 && jobArrived[Int(d)] { arrive(job: Int(d), at: t) }
            }
        }
        nodeChanged(node, at: t)
    }

    /// An evicted pod (preemption or drain) has terminated: its node is free, and its job's controller recreates it
    /// with the work left after its last checkpoint.
    private mutating func terminated(pod p: Int, at t: Int64) {
        let node = Int(podNode[p])
        accrueAllocation(pod: p, until: t)
        release(pod: p)
        if podBudget[p] >= 0 { budgetTerminating[Int(podBudget[p])] -= 1 }
        recreate(pod: p, at: t)
        nodeChanged(node, at: t)
        if nodeScaleDown[node] {
            if nodePods[node].isEmpty { removeNode(node) }
        } else if nodeDraining[node] {
            drain(node, at: t)
        }
    }

    /// The job's controller creates a replacement pod (a new attempt) that enters the scheduling queue.
    mutating func recreate(pod p: Int, at t: Int64) {
        podNode[p] = -1
        if jobCancelled[Int(podJob[p])] {
            podPhase[p] = .done
            return
        }
        podAttempt[p] &+= 1
        podFailures[p] = 0
        if input.jobs[Int(podJob[p])].clusterQueue != nil && jobAdmitted[Int(podJob[p])] < 0 {
            // Its workload was evicted by Kueue: the pod waits for re-admission.
            podPhase[p] = .notCreated
            return
        }
        pendingPods += 1
        activate(pod: p, timestamp: t)
    }

    /// Stops a running pod's work at `t`: work up to its last checkpoint is kept, the rest is lost.
    mutating func stopWork(pod p: Int, at t: Int64) {
        let j = Int(podJob[p])
        guard podRemaining[p] >= 0 else { return }
        let done = max(0, t - podRunStart[p])
        let saved = input.jobs[j].checkpointIntervalMilliseconds.map { done / max(1, $0) * $0 } ?? 0
        let lost = done - saved
        podRemaining[p] -= saved
        jobLostWork[j] += lost
        dynamics.lostPodMilliseconds += Int128(lost)
        dynamics.lostGPUMilliMilliseconds += Int128(lost) * Int128(compiled[j].totalGPUMilli)
    }

    mutating func release(pod p: Int) {
        let node = Int(podNode[p])
        state.unbind(compiled[Int(podJob[p])], from: node, devices: podDevices[p])
        scheduler.didUnbind(compiled[Int(podJob[p])], node: node, devices: podDevices[p], state: state)
        if let i = nodePods[node].firstIndex(of: Int32(p)) { nodePods[node].remove(at: i) }
        if podPhase[p] == .running {
            runningPods -= 1
            if podBudget[p] >= 0 { budgetRunning[Int(podBudget[p])] -= 1 }
        }
    }

    /// Queueing hint for "pod deleted": unschedulable pods that now fit this node go back to the queue.
    mutating func nodeChanged(_ node: Int, at t: Int64) {
        clusterChanges &+= 1
        changedNodes.append(Int32(node))
        var kept = 0
        for i in 0..<unschedulable.count {
            let q = Int(unschedulable[i])
            let pod = compiled[Int(podJob[q])]
            let helps: Bool
            if podNominated[q] == Int32(node) {
                helps = true
            } else {
                helps =
                    StaticNodeFilters.filter(pod, node: node, state: state) == nil
                    && NodeResourcesFit.filter(pod, node: node, state: state) == nil
            }
            if helps {
                requeue(pod: q, at: t)
            } else {
                unschedulable[kept] = Int32(q)
                kept += 1
                if podDormant[q] {
                    // A change happened: the pod's overdue 5-minute flush fires at the next 30 s tick.
                    podDormant[q] = false
                    events.schedule(
                        .unschedulableFlush(pod: Int32(q), generation: podGeneration[q]),
                        at: SimTime(milliseconds: (t / 30_000 + 1) * 30_000))
                }
            }
        }
        unschedulable.removeLast(unschedulable.count - kept)
    }

    // MARK: - Scheduling

    private mutating func schedulingPass(at t: Int64) {
        while let popped = activeQueue.pop() {
            let p = Int(popped)
            guard podPhase[p] == .active else { continue }
            let j = Int(podJob[p])
            let pod = compiled[j]
            if let minAvailable = input.jobs[j].gangMinAvailable, runningPods(ofJob: j) < Int(minAvailable) {
                placeGang(job: j, minAvailable: Int(minAvailable), at: t)
                continue
            }
            // A nominated pod gives up its reservation and tries its nominated node first.
            if podNominated[p] >= 0 {
                let nominated = Int(podNominated[p])
                state.clearNomination(pod: Int32(p), node: nominated)
                if StaticNodeFilters.filter(pod, node: nominated, state: state) == nil,
                    NodeResourcesFit.filter(pod, node: nominated, state: state) == nil
                {
                    podNominated[p] = -1
                    bind(pod: p, job: j, node: nominated, at: t)
                    continue
                }
            }
            if cannotHaveChanged(pod: p) {
                // Same outcome as a full cycle, without scanning every node (see `cannotHaveChanged`).
                podFailures[p] += 1
                podLastFailure[p] = t
                park(pod: p, at: t)
                continue
            }
            switch scheduler.schedule(pod, state: state) {
            case .placed(let node):
                let released = Int(podNominated[p])
                podNominated[p] = -1
                bind(pod: p, job: j, node: node, at: t)
                // Its reservation on the nominated node is gone: pods waiting for that room may now fit.
                if released >= 0 && released != node { nodeChanged(released, at: t) }
            case .unschedulable(let reason):
                jobReason[j] = reason
                podFailures[p] += 1
                podLastFailure[p] = t
                if input.scheduler.preemptionEnabled { preempt(for: p, at: t) }
                park(pod: p, at: t)
            }
        }
    }

    /// Kueue: time waiting for quota (submitted to admitted) apart from time admitted but not yet placeable on a
    /// node (admitted to started), when the scenario has ClusterQueues.
    private func queueMetrics() -> [SummaryMetric] {
        guard !input.clusterQueues.isEmpty else { return [] }
        var quotaWait: [Int64] = []
        var placementWait: [Int64] = []
        var waiting = 0
        for j in input.jobs.indices where input.jobs[j].clusterQueue != nil && jobArrived[j] {
            if jobAdmitted[j] >= 0 {
                quotaWait.append(jobAdmitted[j] - jobQueued[j])
                if jobStart[j] >= 0 { placementWait.append(jobStart[j] - jobAdmitted[j]) }
            } else if jobState[j] == .pending {
                waiting += 1
            }
        }
        quotaWait.sort()
        placementWait.sort()
        func p(_ q: Double, _ values: [Int64]) -> Double {
            Percentile.nearestRank(q, of: values).map { Double($0) / 1000 } ?? .nan
        }
        return [
            SummaryMetric(name: "quota_wait_p50", value: p(50, quotaWait), unit: "s"),
            SummaryMetric(name: "quota_wait_p95", value: p(95, quotaWait), unit: "s"),
            SummaryMetric(name: "admitted_wait_p50", value: p(50, placementWait), unit: "s"),
            SummaryMetric(name: "admitted_wait_p95", value: p(95, placementWait), unit: "s"),
            SummaryMetric(name: "jobs_waiting_for_quota_at_end", value: Double(waiting), unit: "jobs"),
            SummaryMetric(name: "kueue_evictions", value: Double(dynamics.kueueEvictions), unit: "workloads"),
        ]
    }

    /// Pipeline runs and their makespan (first step submitted to last step finished, over runs whose steps all
    /// succeeded), when the scenario has pipelines.
    private func pipelineMetrics() -> [SummaryMetric] {
        var runs: [String: (start: Int64, end: Int64, complete: Bool)] = [:]
        var order: [String] = []
        for (j, job) in input.jobs.enumerated() {
            guard let run = job.pipelineRun else { continue }
            if runs[run] == nil { order.append(run) }
            var entry = runs[run] ?? (Int64.max, Int64.min, true)
            entry.start = min(entry.start, job.submitTime.milliseconds)
            entry.end = max(entry.end, jobEnd[j])
            entry.complete = entry.complete && jobState[j] == .succeeded
            runs[run] = entry
        }
        guard !order.isEmpty else { return [] }
        let spans = order.compactMap { runs[$0] }.filter(\.complete).map { $0.end - $0.start }.sorted()
        return [
            SummaryMetric(name: "pipeline_runs", value: Double(order.count), unit: "runs"),
            SummaryMetric(name: "pipeline_runs_completed", value: Double(spans.count), unit: "runs"),
            SummaryMetric(
                name: "pipeline_makespan_p50",
                value: Percentile.nearestRank(50, of: spans).map { Double($0) / 1000 } ?? .nan,
                unit: "s"),
            SummaryMetric(
                name: "pipeline_makespan_p95",
                value: Percentile.nearestRank(95, of: spans).map { Double($0) / 1000 } ?? .nan,
                unit: "s"),
        ]
    }

    /// Whether a job has arrived and is neither finished nor given up.
    private func isActive(job j: Int) -> Bool {
        jobArrived[j] && jobState[j] == .pending
    }

    /// Stops a job for a CronJob `Replace`: running pods are deleted at once (their resources freed), waiting pods
    /// leave the queue, terminating pods finish terminating but are not recreated.
    private mutating func cancel(
        job j: Int, at t: Int64, state: JobState = .replaced,
        reason: String = "replaced by the next run (concurrencyPolicy Replace)"
    ) {
        jobCancelled[j] = true
        if let queue = input.jobs[j].clusterQueue, jobAdmitted[j] < 0 {
            queuePending[Int(queue)].removeAll { $0 == Int32(j) }
        }
        releaseQuota(job: j)
        jobState[j] = state
        jobReason[j] = reason
        jobsOutstanding -= 1
        let first = Int(jobFirstPod[j])
        for p in first..<(first + Int(input.jobs[j].parallelism)) {
            switch podPhase[p] {
            case .running:
                let node = Int(podNode[p])
                stopWork(pod: p, at: t)
                release(pod: p)
                podPhase[p] = .done
                nodeChanged(node, at: t)
            case .active, .backoff, .unschedulable: withdraw(pod: p, to: .done)
            case .lost:
                podPhase[p] = .done
            case .notCreated, .terminating, .done, .unplaceable, .rejected:
                break
            }
        }
    }

    // MARK: - Failing pods (Job backoffLimit, kubernetes/kubernetes pkg/controller/job)

    /// A pod's container failed. restartPolicy Never: the pod fails; the Job fails once failed pods exceed
    /// `backoffLimit`, otherwise a replacement comes after 10 s x 2^(n-1) (capped at 10 min). OnFailure: the container
    /// restarts in the same pod after the kubelet backoff (10 s doubling, capped at 5 min).
    private mutating func podFailed(_ p: Int, at t: Int64) {
        let j = Int(podJob[p])
        let job = input.jobs[j]
        stopWork(pod: p, at: t)
        switch job.restartPolicy {
        case .never:
            let node = Int(podNode[p])
            release(pod: p)
            podPhase[p] = .lost
            podAttempt[p] &+= 1
            jobFailedPods[j] += 1
            nodeChanged(node, at: t)
            if jobFailedPods[j] > job.backoffLimit {
                cancel(
                    job: j, at: t, state: .failed,
                    reason: "BackoffLimitExceeded: \(jobFailedPods[j]) failed pods > backoffLimit \(job.backoffLimit)")
                return
            }
            let n = Int(jobFailedPods[j])
            let delay = n > 7 ? 600_000 : min(Int64(10_000) << Int64(n - 1), 600_000)
            events.schedule(.podReplaced(pod: Int32(p), attempt: podAttempt[p]), at: SimTime(milliseconds: t + delay))
        case .onFailure:
            let k = Int(podRestarts[p])
            let delay = k > 5 ? 300_000 : min(Int64(10_000) << Int64(k), 300_000)
            podAttempt[p] &+= 1
            events.schedule(
                .containerRestart(pod: Int32(p), attempt: podAttempt[p]), at: SimTime(milliseconds: t + delay))
        }
    }

    /// The kubelet restarted a failed container; the Job fails once the restarts reach `backoffLimit`.
    private mutating func containerRestarted(_ p: Int, at t: Int64) {
        let j = Int(podJob[p])
        podRestarts[p] += 1
        podRunStart[p] = t
        let restarts = (Int(jobFirstPod[j])..<(Int(jobFirstPod[j]) + Int(input.jobs[j].parallelism))).reduce(Int32(0)) {
            $0 + podRestarts[$1]
        }
        if restarts >= max(1, input.jobs[j].backoffLimit) {
            cancel(
                job: j, at: t, state: .failed,
                reason:
                    "BackoffLimitExceeded: \(restarts) container restarts >= backoffLimit \(input.jobs[j].backoffLimit)"
            )
            return
        }
        scheduleRun(pod: p, at: t)
    }

    /// A job that can never run makes every step that depends on it unplaceable too.
    private mutating func blockDependents(of j: Int, because name: String) {
        for d in jobDependents[j].map(Int.init) where jobState[d] == .pending && jobStart[d] < 0 {
            jobState[d] = .unplaceable
            jobReason[d] = "depends on \(name), which can never run"
            jobsOutstanding -= 1
            let first = Int(jobFirstPod[d])
            for k in 0..<Int(input.jobs[d].parallelism) { podPhase[first + k] = .unplaceable }
            blockDependents(of: d, because: name)
        }
    }

    // MARK: - Gangs

    /// A gang job with some but fewer than `minAvailable` pods running, or a ClusterQueue above its nominal quota
    /// plus borrowing limit or a cohort above its nominal quotas, if any (checked with `checksInvariants`).
    func gangViolation() -> String? {
        for (q, queue) in input.clusterQueues.enumerated() {
            let limit = queue.borrowingLimit.map { queue.nominal + $0 } ?? .unlimited
            if !queueUsage[q].allSatisfy(limit, <=) {
                return "ClusterQueue \(queue.name) above nominal + borrowingLimit"
            }
            if let cohort = queue.cohort {
                var nominal = QuotaVector()
                var used = QuotaVector()
                for (i, other) in input.clusterQueues.enumerated() where other.cohort == cohort {
                    nominal = nominal + other.nominal
                    used = used + queueUsage[i]
                }
                if !used.allSatisfy(nominal, <=) { return "cohort \(cohort) above its nominal quota" }
            }
        }
        for j in gangJobs {
            let job = input.jobs[j]
            guard let minAvailable = job.gangMinAvailable else { continue }
            let running = runningPods(ofJob: j)
            let active = (Int(jobFirstPod[j])..<(Int(jobFirstPod[j]) + Int(job.parallelism))).contains {
                podPhase[$0] == .running
            }
            if active && running < Int(minAvailable) {
                return "gang \(job.name) partially running: \(running) of \(minAvailable)"
            }
        }
        return nil
    }

    /// Pods of a job that count toward its gang: running or succeeded (Volcano's `ReadyTaskNum`).
    func runningPods(ofJob j: Int) -> Int {
        let first = Int(jobFirstPod[j])
        return (first..<(first + Int(input.jobs[j].parallelism))).reduce(0) {
            $0 + (podPhase[$1] == .running || podPhase[$1] == .done ? 1 : 0)
        }
    }

    /// All-or-nothing placement of a gang (Volcano's allocate action: the placements go into a statement that is
    /// committed only if at least `minAvailable` pods fit, otherwise discarded): the job's waiting pods are placed
    /// tentatively one by one with the normal Filter and Score; if fewer than `minAvailable` fit, nothing is bound
    /// and every waiting pod goes to the unschedulable pool. Gang pods do not preempt.
    private mutating func placeGang(job j: Int, minAvailable: Int, at t: Int64) {
        let first = Int(jobFirstPod[j])
        let waiting = (first..<(first + Int(input.jobs[j].parallelism))).filter {
            podPhase[$0] == .active || podPhase[$0] == .unschedulable || podPhase[$0] == .backoff
        }
        let pod = compiled[j]
        let running = runningPods(ofJob: j)
        var placed: [(pod: Int, node: Int, devices: UInt64)] = []
        var reason = "gang: fewer than \(minAvailable) pods are waiting"
        if waiting.count + running >= minAvailable {
            for p in waiting {
                guard case .placed(let node) = scheduler.schedule(pod, state: state) else {
                    reason = "gang: only \(placed.count + running) of \(minAvailable) pods fit together"
                    break
                }
                placed.append((p, node, state.bind(pod, on: node)))
            }
        }
        for entry in placed.reversed() { state.unbind(pod, from: entry.node, devices: entry.devices) }
        if placed.count + running >= minAvailable {
            for entry in placed {
                if podPhase[entry.pod] == .unschedulable, let i = unschedulable.firstIndex(of: Int32(entry.pod)) {
                    unschedulable.remove(at: i)
                }
                bind(pod: entry.pod, job: j, node: entry.node, at: t)
            }
            return
        }
        jobReason[j] = reason
        for p in waiting where podPhase[p] == .active {
            podFailures[p] += 1
            podLastFailure[p] = t
            park(pod: p, at: t)
        }
    }

    /// When a pod of a running gang is interrupted, its running siblings stop too (work since their last checkpoint
    /// is lost) and are recreated, so the gang is placed again as a whole.
    mutating func interruptGang(of p: Int, at t: Int64) {
        let j = Int(podJob[p])
        guard input.jobs[j].gangMinAvailable != nil else { return }
        let first = Int(jobFirstPod[j])
        for q in first..<(first + Int(input.jobs[j].parallelism)) where q != p && podPhase[q] == .running {
            let node = Int(podNode[q])
            stopWork(pod: q, at: t)
            release(pod: q)
            dynamics.podsInterrupted += 1
            recreate(pod: q, at: t)
            nodeChanged(node, at: t)
        }
    }

    /// Whether a retried pod is certain to fail again: since its last failed attempt, no node that could now hold it
    /// gained room (only released or returned nodes can help; binds only take room), and it cannot preempt anyone
    /// (no running pod has a lower priority than it could evict). A backlog of identical pods that all wake up
    /// when one pod leaves then costs one filter call each instead of a full scan of every node.
    private func cannotHaveChanged(pod p: Int) -> Bool {
        guard podFailures[p] > 0, podNominated[p] < 0 else { return false }
        let pod = compiled[Int(podJob[p])]
        if input.scheduler.preemptionEnabled && pod.canPreempt && pod.priority > lowestPriority { return false }
        let since = Int(podParkedAtChange[p])
        guard since <= changedNodes.count else { return false }
        for node in changedNodes[since...] {
            let n = Int(node)
            if StaticNodeFilters.filter(pod, node: n, state: state) == nil
                && NodeResourcesFit.filter(pod, node: n, state: state) == nil
            {
                return false
            }
        }
        return true
    }

    /// Adds a pod to the unschedulable pool with a flush at the first 30 s tick more than 5 minutes later.
    private mutating func park(pod p: Int, at t: Int64) {
        podPhase[p] = .unschedulable
        podGeneration[p] &+= 1
        podParkedAtChange[p] = clusterChanges
        podDormant[p] = false
        unschedulable.append(Int32(p))
        let interval: Int64 = 30_000
        let flush = ((t + input.scheduler.podMaxInUnschedulablePodsMilliseconds) / interval + 1) * interval
        events.schedule(
            .unschedulableFlush(pod: Int32(p), generation: podGeneration[p]), at: SimTime(milliseconds: flush))
    }
}
