/// A one-off drain of one node (`kubectl drain`, then maintenance, then `kubectl uncordon`).
///
/// At `at` the node is cordoned and its pods are evicted as PodDisruptionBudgets allow (blocked evictions are
/// retried every 5 s, with no timeout, as `kubectl drain` does by default); once empty it is out of service. At
/// `at + duration` it is back in service and uncordoned, drained or not.
public struct NodeDrain: Sendable, Equatable {
    /// Node index.
    public var node: Int
    /// When the drain starts, ms.
    public var at: Int64
    /// Time from the drain start until the node is uncordoned, ms.
    public var duration: Int64

    /// Creates a drain.
    public init(node: Int, at: Int64, duration: Int64) {
        self.node = node
        self.at = at
        self.duration = duration
    }
}
