/// Node failures of one pool: time between failures per node and time to repair.
///
/// A failing node goes down at once: its pods are killed without a grace period, their jobs lose the work done
/// since their last checkpoint and are resubmitted, and the node returns after the repair time. Each node draws from
/// its own stream (`failures/<node name>`), so the failure history of a node does not depend on the workload.
public struct NodeFailureModel: Sendable, Equatable {
    /// Pool index in `ClusterSpec.pools`.
    public var poolIndex: Int
    /// Time between failures of one node (from up to down), ms.
    public var timeBetweenFailures: TimeDistribution
    /// Time to repair, ms.
    public var repairTime: TimeDistribution
    /// Time between failures of one GPU device, or `nil` for no device failures. A failed device takes its node's
    /// GPU capacity down by one (the node stays up); the pod using it fails and is recreated at once.
    public var gpuTimeBetweenFailures: TimeDistribution?
    /// Time to replace a failed GPU device (default: the node repair time).
    public var gpuRepairTime: TimeDistribution?

    /// Creates a model.
    public init(
        poolIndex: Int, timeBetweenFailures: TimeDistribution, repairTime: TimeDistribution,
        gpuTimeBetweenFailures: TimeDistribution? = nil, gpuRepairTime: TimeDistribution? = nil
    ) {
        self.poolIndex = poolIndex
        self.timeBetweenFailures = timeBetweenFailures
        self.repairTime = repairTime
        self.gpuTimeBetweenFailures = gpuTimeBetweenFailures
        self.gpuRepairTime = gpuRepairTime
    }
}

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
