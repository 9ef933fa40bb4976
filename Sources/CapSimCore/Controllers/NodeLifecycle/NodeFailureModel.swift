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
