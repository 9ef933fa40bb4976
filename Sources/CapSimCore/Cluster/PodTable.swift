/// The pods of a timed run, as the API server would hold them: which job each belongs to, its phase, the node it is
/// bound to with its GPU devices, its nomination, and the pods bound to each node. Struct of arrays indexed by pod.
///
/// Controllers read it freely; only `Simulation.bind(pod:node:at:)` and `Simulation.unbind(pod:reason:at:)` change
/// a pod's binding.
struct PodTable: Sendable {
    /// Where a pod is in its life.
    enum Phase: UInt8, Sendable {
        /// Its controller has not created it yet (or it waits for its workload to be re-admitted).
        case notCreated
        /// In the scheduling queue's active queue.
        case active
        /// In the backoff queue.
        case backoff
        /// In the unschedulable pool.
        case unschedulable
        /// Bound and running.
        case running
        /// Deleted with a grace period (preemption victim, drained): still holds its resources.
        case terminating
        /// Lost with its node or failed; its controller replaces it after a delay.
        case lost
        /// Finished, deleted or given up.
        case done
        /// Fits no node even when empty.
        case unplaceable
        /// Rejected (arrival-only runs).
        case rejected
    }

    /// Job of each pod.
    private(set) var job: [Int32] = []
    /// Node a pod is bound to, or -1.
    var node: [Int32] = []
    /// GPU devices a bound pod uses (bit mask of device indices on its node).
    var devices: [UInt64] = []
    /// Phase of each pod.
    var phase: [Phase] = []
    /// Attempt number: grows whenever the pod is recreated or restarted, so its stale events are ignored.
    var attempt: [UInt32] = []
    /// When the pod was last bound, ms.
    var start: [Int64] = []
    /// Node a waiting pod is nominated to by preemption (`status.nominatedNodeName`), or -1.
    var nominated: [Int32] = []
    /// Pods bound to each node (running or terminating).
    var onNode: [[Int32]] = []
    /// Pods waiting in the scheduling queue (active, backoff or unschedulable).
    var pending = 0
    /// Pods running (not terminating).
    var running = 0

    /// An empty table (before a run is prepared).
    init() {}

    /// The pods of `jobs` (each job's pods are consecutive, in job order) on a cluster of `nodeCount` nodes.
    init(jobs: [JobSpec], nodeCount: Int) {
        var total = 0
        for spec in jobs { total += Int(spec.parallelism) }
        job.reserveCapacity(total)
        for (j, spec) in jobs.enumerated() {
            for _ in 0..<spec.parallelism { job.append(Int32(j)) }
        }
        node = Array(repeating: -1, count: total)
        devices = Array(repeating: 0, count: total)
        phase = Array(repeating: .notCreated, count: total)
        attempt = Array(repeating: 0, count: total)
        start = Array(repeating: 0, count: total)
        nominated = node
        onNode = Array(repeating: [], count: nodeCount)
    }

    /// Number of pods.
    var count: Int { phase.count }

    /// Whether a pod waits in the scheduling queue.
    func isWaiting(_ p: Int) -> Bool { phase[p] == .active || phase[p] == .backoff || phase[p] == .unschedulable }
}
