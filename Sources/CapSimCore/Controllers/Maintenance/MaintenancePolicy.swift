/// Kubernetes upgrades: every `interval`, the nodes are upgraded in rolling waves of at most `maxUnavailable` nodes.
///
/// Each node is cordoned and drained (evictions honour PodDisruptionBudgets: a blocked eviction is retried every
/// 5 s, `EvictErrorRetryDelay` of kubectl drain; evicted pods keep their resources for their grace period), then
/// is out of service for `upgradeDuration`, then uncordoned. After `drainTimeout` the remaining pods are deleted
/// regardless (as managed node groups do: EKS gives up on PDBs after 15 minutes).
public struct MaintenancePolicy: Sendable, Equatable {
    /// Time of the first upgrade, ms.
    public var firstUpgrade: Int64
    /// Time between upgrades, ms (for example 4 months).
    public var interval: Int64
    /// Nodes upgraded at once: a count, or a percentage of the cluster (rounded up, at least 1).
    public var maxUnavailable: Int
    /// Whether `maxUnavailable` is a percentage.
    public var maxUnavailableIsPercent: Bool
    /// Time a drained node is out of service for the upgrade, ms.
    public var upgradeDuration: Int64
    /// Longest drain before remaining pods are deleted, ms.
    public var drainTimeout: Int64

    /// Creates a policy.
    public init(
        firstUpgrade: Int64, interval: Int64, maxUnavailable: Int = 1, maxUnavailableIsPercent: Bool = false,
        upgradeDuration: Int64 = 600_000, drainTimeout: Int64 = 900_000
    ) {
        self.firstUpgrade = firstUpgrade
        self.interval = interval
        self.maxUnavailable = maxUnavailable
        self.maxUnavailableIsPercent = maxUnavailableIsPercent
        self.upgradeDuration = upgradeDuration
        self.drainTimeout = drainTimeout
    }

    /// Nodes upgraded at once in a cluster of `nodeCount` nodes.
    ///
    /// - Parameter nodeCount: Nodes in the cluster.
    /// - Returns: At least 1.
    public func waveSize(nodeCount: Int) -> Int {
        guard maxUnavailableIsPercent else { return max(1, maxUnavailable) }
        return max(1, (nodeCount * maxUnavailable + 99) / 100)
    }
}
