import HeapModule

/// kube-scheduler's activeQ ordered by PrioritySort (`framework/plugins/queuesort/priority_sort.go`): higher
/// `spec.priority` first, then earlier queue timestamp, then insertion order.
public struct ActiveQueue: Sendable {
    struct Entry: Comparable, Sendable {
        var priority: Int32
        var timestamp: Int64
        var sequence: UInt64
        var pod: Int32

        static func < (a: Entry, b: Entry) -> Bool {
            if a.priority != b.priority { return a.priority > b.priority }
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            return a.sequence < b.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var sequence: UInt64 = 0

    /// Creates an empty queue.
    public init() {}

    /// Number of queued pods.
    public var count: Int { heap.count }

    /// Adds a pod.
    ///
    /// - Parameters:
    ///   - pod: Pod index in the run.
    ///   - priority: Its `spec.priority`.
    ///   - timestamp: When it entered the queue, in milliseconds.
    public mutating func push(pod: Int32, priority: Int32, timestamp: Int64) {
        heap.insert(Entry(priority: priority, timestamp: timestamp, sequence: sequence, pod: pod))
        sequence &+= 1
    }

    /// Removes and returns the pod that PrioritySort puts first.
    ///
    /// - Returns: The pod index, or `nil` when the queue is empty.
    /// - Complexity: O(log *n*).
    public mutating func pop() -> Int32? { heap.popMin()?.pod }
}
