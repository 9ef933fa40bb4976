extension Simulation {
    // MARK: - Events

    /// Routes a Job-controller event.
    mutating func handleJobEvent(_ event: JobController.Event, at t: Int64) {
        switch event {
        case .arrival(let j):
            jobs.arrived[Int(j)] = true
            if pipelines.isReady(Int(j)) { arrive(job: Int(j), at: t) }
        case .podFinish(let p, let attempt):
            guard pods.attempt[Int(p)] == attempt, pods.phase[Int(p)] == .running else { return }
            finish(pod: Int(p), at: t)
        case .podTerminated(let p, let attempt):
            guard pods.attempt[Int(p)] == attempt, pods.phase[Int(p)] == .terminating else { return }
            unbind(pod: Int(p), reason: .terminated, at: t)
            recreate(pod: Int(p), at: t)
        case .podReplaced(let p, _): recreate(pod: Int(p), at: t)
        case .podFailure(let p, _): podFailed(Int(p), at: t)
        case .containerRestart(let p, _): containerRestarted(Int(p), at: t)
        }
    }

    /// Whether a Job-controller event no longer applies (its pod was recreated or moved on).
    func isStale(_ event: JobController.Event) -> Bool {
        switch event {
        case .arrival: return false
        case .podFinish(let p, let attempt), .podFailure(let p, let attempt), .containerRestart(let p, let attempt):
            return pods.attempt[Int(p)] != attempt || pods.phase[Int(p)] != .running
        case .podTerminated(let p, let attempt):
            return pods.attempt[Int(p)] != attempt || pods.phase[Int(p)] != .terminating
        case .podReplaced(let p, let attempt): return pods.attempt[Int(p)] != attempt || pods.phase[Int(p)] != .lost
        }
    }

    // MARK: - Job life

    /// A job is submitted (and its dependencies are done): its CronJob's concurrency policy applies, a job that can
    /// never fit is reported unplaceable, a queued job waits for Kueue admission, others create their pods.
    mutating func arrive(job j: Int, at t: Int64) {
        jobs.queued[j] = t
        if let cron = input.jobs[j].cronJob {
            switch cronJobs.admit(j, cron: cron, policy: input.jobs[j].concurrencyPolicy, jobs: jobs) {
            case .start: break
            case .skip(let previous):
                jobs.state[j] = .skipped
                jobs.reason[j] = "skipped: \(input.jobs[previous].name) was still active (concurrencyPolicy Forbid)"
                jobs.outstanding -= 1
                return
            case .replace(let previous): cancel(job: previous, at: t)
            }
        }
        if let reason = cachedNeverFitsReason(job: j) ?? gangNeverFitsReason(job: j) {
            jobs.state[j] = .unplaceable
            jobs.reason[j] = reason
            jobs.outstanding -= 1
            for p in jobs.pods(of: j, input.jobs) { pods.phase[p] = .unplaceable }
            blockDependents(of: j, because: input.jobs[j].name)
            return
        }
        if let queue = input.jobs[j].clusterQueue {
            kueue.enqueue(j, queue: Int(queue))
            return
        }
        createPods(job: j, at: t)
    }

    /// Creates a job's pods: every pod not yet created enters the scheduling queue. Pods of a re-admitted workload
    /// that are still terminating join when they are recreated.
    mutating func createPods(job j: Int, at t: Int64) {
        for p in jobs.pods(of: j, input.jobs) where pods.phase[p] == .notCreated {
            queue.add(pod: p, at: t, pods: &pods, compiled: compiled)
        }
    }

    /// A pod was bound: the job has started, and the pod's work (or its failure) is scheduled.
    mutating func podStarted(_ p: Int, at t: Int64) {
        let j = Int(pods.job[p])
        if jobs.start[j] < 0 {
            jobs.start[j] = t
            jobs.reason[j] = nil
        }
        startRun(pod: p, at: t)
    }

    /// Starts (or restarts) a pod's work: its completion, or its failure if it fails first.
    mutating func startRun(pod p: Int, at t: Int64) {
        jobs.podRunStart[p] = t
        let j = Int(pods.job[p])
        let remaining = jobs.podRemaining[p]
        if let failsAfter = input.jobs[j].failsAfterMilliseconds, remaining < 0 || failsAfter < remaining {
            engine.schedule(.job(.podFailure(pod: Int32(p), attempt: pods.attempt[p])), at: t + failsAfter)
        } else if remaining >= 0 {
            engine.schedule(.job(.podFinish(pod: Int32(p), attempt: pods.attempt[p])), at: t + remaining)
        }
    }

    /// Stops a running pod's work at `t`: work up to its last checkpoint is kept, the rest is lost.
    mutating func stopWork(pod p: Int, at t: Int64) {
        let j = Int(pods.job[p])
        guard jobs.podRemaining[p] >= 0 else { return }
        let done = max(0, t - jobs.podRunStart[p])
        let saved = input.jobs[j].checkpointIntervalMilliseconds.map { done / max(1, $0) * $0 } ?? 0
        let lost = done - saved
        jobs.podRemaining[p] -= saved
        jobs.lostWork[j] += lost
        counters.lostPodMilliseconds += Int128(lost)
        counters.lostGPUMilliMilliseconds += Int128(lost) * Int128(compiled[j].totalGPUMilli)
    }

    /// A pod ran to completion; the job succeeds when all its pods have, which returns its quota and releases the
    /// pipeline steps waiting for it.
    private mutating func finish(pod p: Int, at t: Int64) {
        unbind(pod: p, reason: .succeeded, at: t)
        pods.phase[p] = .done
        let j = Int(pods.job[p])
        jobs.finishedPods[j] += 1
        guard jobs.finishedPods[j] == input.jobs[j].parallelism else { return }
        jobs.end[j] = t
        jobs.state[j] = .succeeded
        jobs.outstanding -= 1
        releaseQuota(job: j)
        for d in pipelines.jobSucceeded(j) where jobs.arrived[d] { arrive(job: d, at: t) }
    }

    /// The job's controller creates a replacement pod (a new attempt) that enters the scheduling queue, unless the
    /// job was stopped or its workload was evicted by Kueue (then it waits for re-admission).
    mutating func recreate(pod p: Int, at t: Int64) {
        pods.node[p] = -1
        let j = Int(pods.job[p])
        if jobs.cancelled[j] {
            pods.phase[p] = .done
            return
        }
        pods.attempt[p] &+= 1
        queue.resetFailures(pod: p)
        if !kueue.isAdmittedOrUnqueued(j, input.jobs) {
            pods.phase[p] = .notCreated
            return
        }
        queue.add(pod: p, at: t, pods: &pods, compiled: compiled)
    }

    /// Stops a job (CronJob `Replace`, or a failed Job): running pods are deleted at once, waiting pods leave the
    /// queue, terminating pods finish terminating but are not recreated.
    mutating func cancel(
        job j: Int, at t: Int64, state outcome: JobState = .replaced,
        reason: String = "replaced by the next run (concurrencyPolicy Replace)"
    ) {
        jobs.cancelled[j] = true
        if let queue = input.jobs[j].clusterQueue, kueue.admitted[j] < 0 { kueue.dequeue(j, queue: Int(queue)) }
        releaseQuota(job: j)
        jobs.state[j] = outcome
        jobs.reason[j] = reason
        jobs.outstanding -= 1
        for p in jobs.pods(of: j, input.jobs) {
            switch pods.phase[p] {
            case .running:
                stopWork(pod: p, at: t)
                unbind(pod: p, reason: .deleted, at: t)
                pods.phase[p] = .done
            case .active, .backoff, .unschedulable: queue.withdraw(pod: p, to: .done, pods: &pods, state: &state)
            case .lost: pods.phase[p] = .done
            case .notCreated, .terminating, .done, .unplaceable, .rejected: break
            }
        }
    }

    // MARK: - Records

    /// Jobs that did not finish: running if every pod is bound, otherwise pending with a reason.
    mutating func settleJobStates() {
        for j in 0..<input.jobs.count where jobs.state[j] == .pending {
            if jobs.start[j] >= 0
                && jobs.pods(of: j, input.jobs).allSatisfy({ pods.phase[$0] == .running || pods.phase[$0] == .done })
            {
                jobs.state[j] = .running
            } else if let queue = input.jobs[j].clusterQueue, jobs.arrived[j], kueue.admitted[j] < 0,
                pipelines.isReady(j)
            {
                jobs.reason[j] = "waiting for quota in ClusterQueue \(input.clusterQueues[Int(queue)].name)"
            } else if !pipelines.isReady(j) && jobs.arrived[j] {
                jobs.reason[j] = "still waiting for its dependencies at the end of the run"
            } else if !jobs.arrived[j] {
                jobs.reason[j] = "not yet submitted when the run ended"
            } else if jobs.reason[j] == nil {
                jobs.reason[j] = "still waiting for a node at the end of the run"
            }
        }
    }

    /// One record per batch job (inference replica slots are not jobs).
    func jobRecords() -> [JobRecord] {
        input.jobs.prefix(inference.firstSlot).enumerated().map { j, job in
            let first = Int(jobs.firstPod[j])
            let node = pods.node[first] >= 0 ? input.cluster.nodes[Int(pods.node[first])].name : nil
            return JobRecord(
                name: job.name, workload: job.workload, pods: job.parallelism, cpuMillicores: job.pod.cpuMillicores,
                memoryBytes: job.pod.memoryBytes, gpuMilli: job.pod.totalGPUMilli,
                submitMilliseconds: jobs.queued[j],
                startMilliseconds: jobs.start[j] >= 0 ? jobs.start[j] : nil,
                endMilliseconds: jobs.end[j] >= 0 ? jobs.end[j] : nil, state: jobs.state[j], node: node,
                reason: jobs.state[j] == .succeeded || jobs.state[j] == .running ? nil : jobs.reason[j],
                preemptions: jobs.preemptions[j], interruptions: jobs.interruptions[j],
                lostWorkMilliseconds: jobs.lostWork[j])
        }
    }
}
