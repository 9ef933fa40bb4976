/// kube-scheduler's scheduling queue (`pkg/scheduler/backend/queue/scheduling_queue.go`, `PriorityQueue`): the
/// active queue (PrioritySort), the backoff queue (1 s doubling to 10 s) and the unschedulable pool, with queueing
/// hints and the periodic flush.
///
/// A pod that fits no node goes to the unschedulable pool and returns when a pod leaves a node it would now fit
/// (the queueing hint of an assigned-pod-deleted event, `MoveAllToActiveOrBackoffQueue`; through the backoff queue
/// if its backoff has not expired) or after `podMaxInUnschedulablePodsDuration` (5 minutes) in the pool, checked
/// every 30 s (`flushUnschedulablePodsLeftover`), never by polling.
struct SchedulingQueue: Sendable {
    /// Events the scheduling queue handles.
    enum Event: Sendable {
        /// A pod's backoff expired: move it to the active queue (`flushBackoffQCompleted`).
        case backoffExpired(pod: Int32, generation: UInt32)
        /// A pod has spent too long in the unschedulable pool (`flushUnschedulablePodsLeftover`).
        case unschedulableFlush(pod: Int32, generation: UInt32)
    }

    /// Interval of the unschedulable-pool flush, ms (`flushUnschedulablePodsLeftover` runs every 30 s).
    static let flushInterval: Int64 = 30_000

    /// The active queue.
    private var active = ActiveQueue()
    /// Pods in the unschedulable pool, in the order they were parked.
    private(set) var unschedulable: [Int32] = []
    /// Grows whenever a pod moves between the backoff queue and the pool, so stale events are ignored.
    private var generation: [UInt32] = []
    /// Failed scheduling attempts of each pod (its backoff doubles with each).
    private var failures: [Int32] = []
    /// When each pod last failed to schedule, ms (its PrioritySort timestamp when it returns).
    private var lastFailure: [Int64] = []
    /// `clusterChanges` when each pod was parked.
    private var parkedAtChange: [UInt64] = []
    /// Parked pods whose flush found nothing changed: they sleep until the next cluster change.
    private var dormant: [Bool] = []
    /// Counts cluster changes that could help waiting pods (pods leaving, nodes arriving or returning).
    private(set) var clusterChanges: UInt64 = 0
    /// The node of each cluster change, in order (`changedNodes[c]` is change number c).
    private var changedNodes: [Int32] = []
    /// Lowest pod priority in the run: a pod at this priority can never preempt.
    private var lowestPriority: Int32 = 0
    private var configuration = SchedulerConfiguration.default

    /// An empty queue (PrioritySort tests push and pop directly).
    init() {}

    /// A queue for `podCount` pods scheduled with `configuration`.
    init(podCount: Int, lowestPriority: Int32, configuration: SchedulerConfiguration) {
        generation = Array(repeating: 0, count: podCount)
        failures = Array(repeating: 0, count: podCount)
        lastFailure = Array(repeating: 0, count: podCount)
        parkedAtChange = Array(repeating: 0, count: podCount)
        dormant = Array(repeating: false, count: podCount)
        self.lowestPriority = lowestPriority
        self.configuration = configuration
    }

    // MARK: - Active queue

    /// Adds a pod to the active queue directly.
    mutating func push(pod: Int32, priority: Int32, timestamp: Int64) {
        active.push(pod: pod, priority: priority, timestamp: timestamp)
    }

    /// Removes the pod PrioritySort puts first (it may be stale: check its phase).
    mutating func pop() -> Int32? { active.pop() }

    /// Puts a pod in the active queue with a PrioritySort timestamp.
    mutating func activate(pod p: Int, timestamp: Int64, pods: inout PodTable, compiled: [CompiledPod]) {
        pods.phase[p] = .active
        active.push(pod: Int32(p), priority: compiled[Int(pods.job[p])].priority, timestamp: timestamp)
    }

    /// Adds a new (or recreated) pod to the active queue, timestamped `t`.
    mutating func add(pod p: Int, at t: Int64, pods: inout PodTable, compiled: [CompiledPod]) {
        pods.pending += 1
        activate(pod: p, timestamp: t, pods: &pods, compiled: compiled)
    }

    /// A recreated pod starts with no failed attempts.
    mutating func resetFailures(pod p: Int) { failures[p] = 0 }

    /// Records a failed scheduling attempt at `t`.
    mutating func recordFailure(pod p: Int, at t: Int64) {
        failures[p] += 1
        lastFailure[p] = t
    }

    // MARK: - Backoff and the unschedulable pool

    /// Adds a pod to the unschedulable pool with a flush at the first 30 s tick more than
    /// `podMaxInUnschedulablePodsDuration` later.
    mutating func park(pod p: Int, at t: Int64, pods: inout PodTable, engine: inout Engine) {
        pods.phase[p] = .unschedulable
        generation[p] &+= 1
        parkedAtChange[p] = clusterChanges
        dormant[p] = false
        unschedulable.append(Int32(p))
        let interval = Self.flushInterval
        let flush = ((t + configuration.podMaxInUnschedulablePodsMilliseconds) / interval + 1) * interval
        engine.schedule(.queue(.unschedulableFlush(pod: Int32(p), generation: generation[p])), at: flush)
    }

    /// Moves a pod out of the unschedulable pool: to the active queue if its backoff has expired, else to backoff.
    private mutating func requeueFromPool(
        pod p: Int, at t: Int64, pods: inout PodTable, compiled: [CompiledPod], engine: inout Engine
    ) {
        let expiry = lastFailure[p] + configuration.backoffMilliseconds(afterAttempts: Int(failures[p]))
        if expiry <= t {
            activate(pod: p, timestamp: lastFailure[p], pods: &pods, compiled: compiled)
        } else {
            pods.phase[p] = .backoff
            generation[p] &+= 1
            engine.schedule(.queue(.backoffExpired(pod: Int32(p), generation: generation[p])), at: expiry)
        }
    }

    /// Takes a waiting pod (active, in backoff or unschedulable) out of the queue, as `PriorityQueue.Delete` does
    /// for a deleted pod, including `DeleteNominatedPodIfExists`: a nomination it held reserves nothing any more.
    /// Its stale queue entries and events are skipped by their phase checks.
    mutating func withdraw(pod p: Int, to phase: PodTable.Phase, pods: inout PodTable, state: inout ClusterState) {
        if pods.phase[p] == .unschedulable, let i = unschedulable.firstIndex(of: Int32(p)) {
            unschedulable.remove(at: i)
        }
        if pods.nominated[p] >= 0 {
            state.clearNomination(pod: Int32(p), node: Int(pods.nominated[p]))
            pods.nominated[p] = -1
        }
        pods.phase[p] = phase
        pods.pending -= 1
    }

    /// Removes a pod from the unschedulable pool (a gang member bound with its gang).
    mutating func leavePool(pod p: Int) {
        if let i = unschedulable.firstIndex(of: Int32(p)) { unschedulable.remove(at: i) }
    }

    /// Handles a backoff expiry or a flush.
    mutating func handle(
        _ event: Event, at t: Int64, pods: inout PodTable, compiled: [CompiledPod], engine: inout Engine
    ) {
        switch event {
        case .backoffExpired(let p, let g):
            guard generation[Int(p)] == g, pods.phase[Int(p)] == .backoff else { return }
            activate(pod: Int(p), timestamp: lastFailure[Int(p)], pods: &pods, compiled: compiled)
        case .unschedulableFlush(let p, let g):
            guard generation[Int(p)] == g, pods.phase[Int(p)] == .unschedulable else { return }
            if parkedAtChange[Int(p)] == clusterChanges {
                // Nothing changed since its last attempt, so a retry would fail the same way: sleep until a change.
                dormant[Int(p)] = true
                return
            }
            leavePool(pod: Int(p))
            requeueFromPool(pod: Int(p), at: t, pods: &pods, compiled: compiled, engine: &engine)
        }
    }

    /// Whether an event no longer applies (its pod moved on), so it must not advance the clock.
    func isStale(_ event: Event, pods: borrowing PodTable) -> Bool {
        switch event {
        case .backoffExpired(let p, let g): return generation[Int(p)] != g || pods.phase[Int(p)] != .backoff
        case .unschedulableFlush(let p, let g):
            return generation[Int(p)] != g || pods.phase[Int(p)] != .unschedulable
        }
    }

    // MARK: - Queueing hints

    /// Queueing hint for "a node gained room" (an assigned pod was deleted, or a node was added, repaired or
    /// uncordoned): unschedulable pods that now pass Filter on this node go back to the queue
    /// (`MoveAllToActiveOrBackoffQueue` with the NodeResourcesFit and static plugins' `isSchedulableAfter…`
    /// hints); a pod nominated to the node always does. A dormant pod's overdue flush fires at the next 30 s tick.
    mutating func nodeChanged(
        _ node: Int, at t: Int64, pods: inout PodTable, compiled: [CompiledPod], state: borrowing ClusterState,
        engine: inout Engine
    ) {
        clusterChanges &+= 1
        changedNodes.append(Int32(node))
        var kept = 0
        for i in 0..<unschedulable.count {
            let q = Int(unschedulable[i])
            let pod = compiled[Int(pods.job[q])]
            let helps: Bool
            if pods.nominated[q] == Int32(node) {
                helps = true
            } else {
                helps =
                    StaticNodeFilters.filter(pod, node: node, state: state) == nil
                    && NodeResourcesFit.filter(pod, node: node, state: state) == nil
            }
            if helps {
                requeueFromPool(pod: q, at: t, pods: &pods, compiled: compiled, engine: &engine)
            } else {
                unschedulable[kept] = Int32(q)
                kept += 1
                if dormant[q] {
                    dormant[q] = false
                    engine.schedule(
                        .queue(.unschedulableFlush(pod: Int32(q), generation: generation[q])),
                        at: (t / Self.flushInterval + 1) * Self.flushInterval)
                }
            }
        }
        unschedulable.removeLast(unschedulable.count - kept)
    }

    /// Whether a retried pod is certain to fail again: since its last failed attempt, no node that could now hold it
    /// gained room (only released or returned nodes can help; binds only take room), and it cannot preempt anyone
    /// (no running pod has a lower priority than it could evict). A backlog of identical pods that all wake up
    /// when one pod leaves then costs one filter call each instead of a full scan of every node.
    func cannotHaveChanged(pod p: Int, pods: borrowing PodTable, compiled: [CompiledPod], state: borrowing ClusterState)
        -> Bool
    {
        guard failures[p] > 0, pods.nominated[p] < 0 else { return false }
        let pod = compiled[Int(pods.job[p])]
        if configuration.preemptionEnabled && pod.canPreempt && pod.priority > lowestPriority { return false }
        let since = Int(parkedAtChange[p])
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

    /// Smallest whole-GPU request among pods in the unschedulable pool (0 for none), for the fragmentation series.
    func smallestPendingWholeGPUs(pods: borrowing PodTable, compiled: [CompiledPod]) -> Int32 {
        var smallest: Int32 = .max
        for p in unschedulable {
            let pod = compiled[Int(pods.job[Int(p)])]
            if pod.gpuCount > 0 && pod.gpuMilli >= 1000 { smallest = min(smallest, pod.gpuCount) }
        }
        return smallest == .max ? 0 : smallest
    }
}
