/// The Job controller's state: each Job's status (start, end, outcome, reason, failed pods), and the work each of
/// its pods still has to do. Mirrors kube-controller-manager's job controller (`pkg/controller/job/job_controller.go`,
/// `syncJob`): it creates a Job's pods, recreates lost ones, counts failures against `backoffLimit`, and marks the
/// Job complete when all its pods succeeded. Its handlers are in `Simulation+JobController.swift`.
struct JobController: Sendable {
    /// Events the Job controller handles.
    enum Event: Sendable {
        /// A job's submit time has come.
        case arrival(job: Int32)
        /// A pod ran to completion (ignored unless `attempt` matches the pod's current attempt).
        case podFinish(pod: Int32, attempt: UInt32)
        /// A pod deleted with a grace period (preemption victim, drained) finished terminating and frees its node.
        case podTerminated(pod: Int32, attempt: UInt32)
        /// A pod lost with its node (or failed) is replaced (after the node-failure detection delay or the Job's
        /// pod-failure backoff).
        case podReplaced(pod: Int32, attempt: UInt32)
        /// A pod's container exits with an error.
        case podFailure(pod: Int32, attempt: UInt32)
        /// The kubelet restarts a failed container in place (restartPolicy OnFailure).
        case containerRestart(pod: Int32, attempt: UInt32)
    }

    /// First pod of each job (a job's pods are consecutive).
    private(set) var firstPod: [Int32] = []
    /// First pod bound, ms, or -1.
    var start: [Int64] = []
    /// Last pod finished, ms, or -1.
    var end: [Int64] = []
    /// Pods that succeeded.
    var finishedPods: [Int32] = []
    /// Outcome so far.
    var state: [JobState] = []
    /// Why a job is not running (the scheduler's or a controller's reason).
    var reason: [String?] = []
    /// Pods of the job evicted by preemption (DefaultPreemption or Kueue).
    var preemptions: [Int32] = []
    /// When each job entered the queue: its submit time, or for a pipeline step when its dependencies finished.
    var queued: [Int64] = []
    /// Whether a job's submit time has passed (it may still wait for dependencies).
    var arrived: [Bool] = []
    /// Jobs stopped (CronJob `Replace`, failed, inference scale-in): their pods are not recreated.
    var cancelled: [Bool] = []
    /// Failed pods per job (restartPolicy Never).
    var failedPods: [Int32] = []
    /// Pod interruptions per job (node or device failure, drain, scale-down, gang restart).
    var interruptions: [Int32] = []
    /// Work lost per job since the pods' last checkpoints, ms.
    var lostWork: [Int64] = []
    /// Container restarts per pod (restartPolicy OnFailure).
    var podRestarts: [Int32] = []
    /// Work each pod still has to do, ms (-1: runs until deleted).
    var podRemaining: [Int64] = []
    /// When each pod's current run started (its work since then is not yet checkpointed), ms.
    var podRunStart: [Int64] = []
    /// Jobs neither finished nor given up (a run without a horizon ends when this reaches zero).
    var outstanding = 0

    /// No jobs.
    init() {}

    /// The status of `jobs` before the run, with `podJob` giving each pod's job.
    init(jobs: [JobSpec], podJob: [Int32]) {
        var total: Int32 = 0
        firstPod.reserveCapacity(jobs.count)
        for spec in jobs {
            firstPod.append(total)
            total += spec.parallelism
        }
        start = Array(repeating: -1, count: jobs.count)
        end = start
        finishedPods = Array(repeating: 0, count: jobs.count)
        state = Array(repeating: .pending, count: jobs.count)
        reason = Array(repeating: nil, count: jobs.count)
        preemptions = finishedPods
        queued = jobs.map(\.submitTime.milliseconds)
        arrived = Array(repeating: false, count: jobs.count)
        cancelled = arrived
        failedPods = finishedPods
        interruptions = finishedPods
        lostWork = Array(repeating: 0, count: jobs.count)
        podRestarts = Array(repeating: 0, count: podJob.count)
        podRemaining = podJob.map { jobs[Int($0)].durationMilliseconds ?? -1 }
        podRunStart = Array(repeating: 0, count: podJob.count)
    }

    /// The pods of job `j`.
    func pods(of j: Int, _ jobs: [JobSpec]) -> Range<Int> {
        let first = Int(firstPod[j])
        return first..<(first + Int(jobs[j].parallelism))
    }

    /// Whether a job has arrived and is neither finished nor given up.
    func isActive(_ j: Int) -> Bool { arrived[j] && state[j] == .pending }
}
