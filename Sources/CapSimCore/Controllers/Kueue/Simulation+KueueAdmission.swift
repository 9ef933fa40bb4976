extension Simulation {
    /// One Kueue admission cycle (`pkg/scheduler/scheduler.go`, `schedule`): candidates (each queue's head for
    /// StrictFIFO, every waiting workload for BestEffortFIFO, each queue in priority then queue-time order) are
    /// admitted in order non-borrowing first, then priority, then queue time, while they fit; a candidate that fits
    /// no flavor may preempt (`flavorFungibility.whenCanPreempt: TryNextFlavor`: only when no flavor fits without
    /// it). Admitted workloads get their flavor's node labels and their pods enter the scheduling queue.
    ///
    /// - Returns: Whether anything was admitted (the loop runs cycles until one admits nothing).
    mutating func admissionCycle(at t: Int64) -> Bool {
        guard kueue.pending.contains(where: { !$0.isEmpty }) else { return false }
        var admitted = false
        var candidates: [(job: Int, queue: Int, borrows: Bool)] = []
        for q in kueue.pending.indices where !kueue.pending[q].isEmpty {
            kueue.pending[q].sort { a, b in
                let (pa, pb) = (compiled[Int(a)].priority, compiled[Int(b)].priority)
                if pa != pb { return pa > pb }
                return (jobs.queued[Int(a)], a) < (jobs.queued[Int(b)], b)
            }
            let strict = input.clusterQueues[q].queueingStrategy == .strictFIFO
            for j in strict ? Array(kueue.pending[q].prefix(1)) : kueue.pending[q] {
                let borrows = kueue.cachedFlavorFit(job: Int(j), queue: q)?.borrows
                candidates.append((Int(j), q, borrows ?? true))
            }
        }
        candidates.sort { a, b in
            if a.borrows != b.borrows { return !a.borrows }
            let (pa, pb) = (compiled[a.job].priority, compiled[b.job].priority)
            if pa != pb { return pa > pb }
            return (jobs.queued[a.job], a.job) < (jobs.queued[b.job], b.job)
        }
        for candidate in candidates {
            var entry = kueue.cachedFlavorFit(job: candidate.job, queue: candidate.queue)?.entry
            if entry == nil {
                for e in kueue.flavorEntries(candidate.queue) {
                    guard
                        let victims = kueue.quotaVictims(
                            for: candidate.job, queue: e, specs: input.jobs, jobs: jobs, compiled: compiled)
                    else { continue }
                    for victim in victims { evictWorkload(victim, at: t) }
                    entry = e
                    break
                }
            }
            guard let entry else { continue }
            kueue.admit(candidate.job, queue: candidate.queue, entry: entry, at: t)
            let labels = input.clusterQueues[entry].nodeLabels
            compiled[candidate.job].nodeSelector =
                (kueue.baseNodeSelector[candidate.job]
                + labels.map { ($0.key, $0.value) }).sorted { $0.0 < $1.0 }
            scheduler.classify(&compiled[candidate.job], state: state)
            createPods(job: candidate.job, at: t)
            admitted = true
        }
        return admitted
    }

    /// Kueue evicts an admitted workload: its quota is released now, its running pods terminate gracefully (losing
    /// the work since their last checkpoint), waiting pods leave the scheduling queue, and the workload waits in its
    /// ClusterQueue to be admitted again.
    private mutating func evictWorkload(_ v: Int, at t: Int64) {
        releaseQuota(job: v)
        kueue.admitted[v] = -1
        jobs.preemptions[v] += 1
        counters.kueueEvictions += 1
        for p in jobs.pods(of: v, input.jobs) {
            switch pods.phase[p] {
            case .running: terminate(pod: p, at: t)
            case .active, .backoff, .unschedulable: queue.withdraw(pod: p, to: .notCreated, pods: &pods, state: &state)
            case .lost: pods.phase[p] = .notCreated
            default: break
            }
        }
        if let queue = input.jobs[v].clusterQueue { kueue.enqueue(v, queue: Int(queue)) }
    }

    /// Returns an admitted job's quota when it ends.
    mutating func releaseQuota(job j: Int) { kueue.releaseQuota(job: j, input.jobs) }
}
