extension Simulation {
    // MARK: - Failing pods (Job backoffLimit, kubernetes/kubernetes pkg/controller/job)

    /// A pod's container failed. restartPolicy Never: the pod fails; the Job fails once failed pods exceed
    /// `backoffLimit`, otherwise a replacement comes after 10 s x 2^(n-1) (capped at 10 min, the job controller's
    /// `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff`). OnFailure: the container restarts in the same
    /// pod after the kubelet backoff (10 s doubling, capped at 5 min).
    mutating func podFailed(_ p: Int, at t: Int64) {
        let j = Int(pods.job[p])
        let job = input.jobs[j]
        stopWork(pod: p, at: t)
        switch job.restartPolicy {
        case .never:
            unbind(pod: p, reason: .failed, at: t)
            pods.phase[p] = .lost
            pods.attempt[p] &+= 1
            jobs.failedPods[j] += 1
            if jobs.failedPods[j] > job.backoffLimit {
                cancel(
                    job: j, at: t, state: .failed,
                    reason: "BackoffLimitExceeded: \(jobs.failedPods[j]) failed pods > backoffLimit \(job.backoffLimit)"
                )
                return
            }
            let n = Int(jobs.failedPods[j])
            let delay = n > 7 ? 600_000 : min(Int64(10_000) << Int64(n - 1), 600_000)
            engine.schedule(.job(.podReplaced(pod: Int32(p), attempt: pods.attempt[p])), at: t + delay)
        case .onFailure:
            let k = Int(jobs.podRestarts[p])
            let delay = k > 5 ? 300_000 : min(Int64(10_000) << Int64(k), 300_000)
            pods.attempt[p] &+= 1
            engine.schedule(.job(.containerRestart(pod: Int32(p), attempt: pods.attempt[p])), at: t + delay)
        }
    }

    /// The kubelet restarted a failed container; the Job fails once the restarts reach `backoffLimit`.
    mutating func containerRestarted(_ p: Int, at t: Int64) {
        let j = Int(pods.job[p])
        jobs.podRestarts[p] += 1
        jobs.podRunStart[p] = t
        let restarts = jobs.pods(of: j, input.jobs).reduce(Int32(0)) { $0 + jobs.podRestarts[$1] }
        if restarts >= max(1, input.jobs[j].backoffLimit) {
            cancel(
                job: j, at: t, state: .failed,
                reason:
                    "BackoffLimitExceeded: \(restarts) container restarts >= backoffLimit \(input.jobs[j].backoffLimit)"
            )
            return
        }
        startRun(pod: p, at: t)
    }
}
