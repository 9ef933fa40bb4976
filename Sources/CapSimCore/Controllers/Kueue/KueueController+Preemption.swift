extension KueueController {
    /// Kueue preemption (`pkg/scheduler/preemption/preemption.go`, `GetTargets` and `minimalPreemptions`): the
    /// admitted workloads to evict so job `j` fits entry `q`, or `nil`.
    ///
    /// Candidates: this queue's lower-priority (or, with `LowerOrNewerEqualPriority`, newer equal-priority)
    /// workloads under `withinClusterQueue`, and workloads of cohort queues that are borrowing under
    /// `reclaimWithinCohort` (`Any`, or only lower priority). Order (`candidatesOrdering`): other queues first, lower
    /// priority, most recently admitted. Taken greedily until `j` fits (with fair sharing only while the target
    /// queue's share without the workload stays at least the preemptor queue's share with `j`, or the preemptor's
    /// share is below the target's current share), then minimized by dropping, from the last, any victim not needed.
    func quotaVictims(
        for j: Int, queue q: Int, specs: [JobSpec], jobs: borrowing JobController, compiled: [CompiledPod]
    ) -> [Int]? {
        let spec = queues[q]
        guard spec.withinClusterQueue != .never || spec.reclaimWithinCohort != .never else { return nil }
        let priority = compiled[j].priority
        var targets: [Int] = []
        for (v, job) in specs.enumerated() {
            guard job.clusterQueue != nil, admitted[v] >= 0, jobs.state[v] == .pending, v != j else { continue }
            let vq = flavor[v]
            let vp = compiled[v].priority
            if vq == q {
                switch spec.withinClusterQueue {
                case .never: continue
                case .lowerPriority: if vp >= priority { continue }
                case .lowerOrNewerEqualPriority:
                    if vp > priority || (vp == priority && jobs.queued[v] <= jobs.queued[j]) { continue }
                }
            } else {
                let other = queues[vq]
                guard let cohort = spec.cohort, other.cohort == cohort, !usage[vq].allSatisfy(other.nominal, <=)
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
            let (qa, qb) = (flavor[a], flavor[b])
            if (qa == q) != (qb == q) { return qb == q }
            if compiled[a].priority != compiled[b].priority { return compiled[a].priority < compiled[b].priority }
            return (admitted[a], a) > (admitted[b], b)
        }
        let request = self.request(j)
        var usage = self.usage
        var lendable = QuotaVector()
        for other in queues where other.cohort != nil && other.cohort == spec.cohort {
            lendable = lendable + other.nominal
        }
        var victims: [Int] = []
        for v in targets {
            if KueueQuota.fit(request, queue: q, queues: queues, usage: usage) != nil { break }
            let vq = flavor[v]
            var without = usage
            without[vq] = without[vq] - self.request(v)
            if fairSharing && vq != q {
                var with = usage
                with[q] = with[q] + request
                let preemptorShare = KueueQuota.dominantResourceShare(usage: with[q], queue: spec, lendable: lendable)
                let targetAfter = KueueQuota.dominantResourceShare(
                    usage: without[vq], queue: queues[vq], lendable: lendable)
                let targetNow = KueueQuota.dominantResourceShare(
                    usage: usage[vq], queue: queues[vq], lendable: lendable)
                guard preemptorShare <= targetAfter || preemptorShare < targetNow else { continue }
            }
            usage = without
            victims.append(v)
        }
        guard KueueQuota.fit(request, queue: q, queues: queues, usage: usage) != nil else { return nil }
        for v in victims.reversed() {
            let vq = flavor[v]
            var back = usage
            back[vq] = back[vq] + self.request(v)
            if KueueQuota.fit(request, queue: q, queues: queues, usage: back) != nil {
                usage = back
                victims.removeAll { $0 == v }
            }
        }
        return victims
    }
}
