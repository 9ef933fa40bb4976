/// Gang scheduling (a PodGroup with `minAvailable`): all-or-nothing placement and whole-gang restarts.
///
/// Placement mirrors Volcano's allocate action (`pkg/scheduler/actions/allocate`): the gang's waiting pods are placed
/// tentatively in a statement that is committed only if at least `minAvailable` pods fit (the Permit extension point
/// of kube-scheduler's framework, as the coscheduling plugin uses it), otherwise discarded. Gang pods do not preempt.
struct GangController: Sendable {
    /// Jobs scheduled as gangs (for the invariant check).
    private(set) var gangJobs: [Int] = []

    /// The gangs among `jobs`.
    init(jobs: [JobSpec]) {
        gangJobs = jobs.indices.filter { jobs[$0].gangMinAvailable != nil }
    }
}

extension Simulation {
    /// `nil` if an empty cluster (every node of every pool present, autoscaled pools at their maximum) could hold
    /// `minAvailable` pods of the gang at once; otherwise why it never can. Each node that passes the gang pod's
    /// selector, affinity and taint filters holds as many copies as its allocatable CPU, memory, pod count and GPU
    /// devices allow (whole-GPU pods take `gpuCount` devices each; shared-GPU pods `1000 / gpuMilli` per device).
    func gangNeverFitsReason(job j: Int) -> String? {
        guard let minAvailable = input.jobs[j].gangMinAvailable, minAvailable > 1 else { return nil }
        let pod = compiled[j]
        var room: Int64 = 0
        for n in 0..<state.nodeCount where StaticNodeFilters.filterIgnoringStatus(pod, node: n, state: state) == nil {
            guard NodeResourcesFit.fitsEmpty(pod, node: n, state: state) else { continue }
            var copies = Int64(state.allocatablePods[n])
            if pod.cpu > 0 { copies = min(copies, state.allocatableCPU[n] / pod.cpu) }
            if pod.memory > 0 { copies = min(copies, state.allocatableMemory[n] / pod.memory) }
            if pod.gpuCount > 0 {
                let devices = Int64(state.gpuCount[n])
                let perDevice = pod.gpuMilli >= 1000 ? 1 : Int64(1000 / max(1, pod.gpuMilli))
                copies = min(copies, devices * perDevice / Int64(pod.gpuCount))
            }
            room += copies
            if room >= Int64(minAvailable) { return nil }
        }
        return "gang: minAvailable \(minAvailable) pods never fit together (an empty cluster holds \(room))"
    }

    /// Pods of a job that count toward its gang: running or succeeded (Volcano's `ReadyTaskNum`).
    func runningPods(ofJob j: Int) -> Int {
        jobs.pods(of: j, input.jobs).reduce(0) { $0 + (pods.phase[$1] == .running || pods.phase[$1] == .done ? 1 : 0) }
    }

    /// All-or-nothing placement of a gang: the job's waiting pods are placed tentatively one by one with the normal
    /// Filter and Score and pass Coscheduling's Permit; if the gang never reaches `minAvailable` (some pods still
    /// waiting), nothing is bound and every waiting pod goes to the unschedulable pool.
    mutating func placeGang(job j: Int, minAvailable: Int, at t: Int64) {
        let waiting = jobs.pods(of: j, input.jobs).filter { pods.isWaiting($0) }
        let pod = compiled[j]
        let running = runningPods(ofJob: j)
        var placed: [(pod: Int, node: Int, devices: UInt64)] = []
        var permit = Coscheduling(minAvailable: minAvailable, running: running)
        var isPermitted = false
        var reason = "gang: fewer than \(minAvailable) pods are waiting"
        if waiting.count + running >= minAvailable {
            for p in waiting {
                guard case .placed(let node) = scheduler.schedule(pod, state: state) else {
                    reason = "gang: only \(placed.count + running) of \(minAvailable) pods fit together"
                    break
                }
                placed.append((p, node, state.bind(pod, on: node)))
                if permit.permit(pod, node: node, state: state).isSuccess { isPermitted = true }
            }
        }
        for entry in placed.reversed() { state.unbind(pod, from: entry.node, devices: entry.devices) }
        if isPermitted {
            for entry in placed {
                if pods.phase[entry.pod] == .unschedulable { queue.leavePool(pod: entry.pod) }
                bind(pod: entry.pod, node: entry.node, at: t)
            }
            return
        }
        jobs.reason[j] = reason
        for p in waiting where pods.phase[p] == .active {
            queue.recordFailure(pod: p, at: t)
            queue.park(pod: p, at: t, pods: &pods, engine: &engine)
        }
    }

    /// When a pod of a running gang is interrupted, its running siblings stop too (work since their last checkpoint
    /// is lost) and are recreated, so the gang is placed again as a whole.
    mutating func interruptGang(of p: Int, at t: Int64) {
        let j = Int(pods.job[p])
        guard input.jobs[j].gangMinAvailable != nil else { return }
        for q in jobs.pods(of: j, input.jobs) where q != p && pods.phase[q] == .running {
            stopWork(pod: q, at: t)
            unbind(pod: q, reason: .gangRestart, at: t)
            counters.podsInterrupted += 1
            recreate(pod: q, at: t)
        }
    }

    /// A gang job with some but fewer than `minAvailable` pods running, or a ClusterQueue above its nominal quota
    /// plus borrowing limit or a cohort above its nominal quotas, if any (checked with `checksInvariants`).
    func gangViolation() -> String? {
        if let problem = kueue.quotaViolation() { return problem }
        for j in gangs.gangJobs {
            let job = input.jobs[j]
            guard let minAvailable = job.gangMinAvailable else { continue }
            let running = runningPods(ofJob: j)
            let active = jobs.pods(of: j, input.jobs).contains { pods.phase[$0] == .running }
            if active && running < Int(minAvailable) {
                return "gang \(job.name) partially running: \(running) of \(minAvailable)"
            }
        }
        return nil
    }
}
