/// Amounts of the quota-able resources: CPU in millicores, memory in bytes, GPUs in GPU-milli.
public struct QuotaVector: Sendable, Equatable, Hashable {
    /// CPU, millicores.
    public var cpu: Int64
    /// Memory, bytes.
    public var memory: Int64
    /// GPUs, GPU-milli (1000 = one GPU).
    public var gpuMilli: Int64

    /// Creates a vector.
    public init(cpu: Int64 = 0, memory: Int64 = 0, gpuMilli: Int64 = 0) {
        self.cpu = cpu
        self.memory = memory
        self.gpuMilli = gpuMilli
    }

    /// No limit on any resource (2^57, so sums over up to 64 queues cannot overflow).
    public static let unlimited = QuotaVector(cpu: 1 << 57, memory: 1 << 57, gpuMilli: 1 << 57)

    static func + (a: Self, b: Self) -> Self {
        Self(cpu: a.cpu + b.cpu, memory: a.memory + b.memory, gpuMilli: a.gpuMilli + b.gpuMilli)
    }
    static func - (a: Self, b: Self) -> Self {
        Self(cpu: a.cpu - b.cpu, memory: a.memory - b.memory, gpuMilli: a.gpuMilli - b.gpuMilli)
    }
    func map(_ f: (Int64) -> Int64) -> Self { Self(cpu: f(cpu), memory: f(memory), gpuMilli: f(gpuMilli)) }
    func zip(_ other: Self, _ f: (Int64, Int64) -> Int64) -> Self {
        Self(cpu: f(cpu, other.cpu), memory: f(memory, other.memory), gpuMilli: f(gpuMilli, other.gpuMilli))
    }
    func allSatisfy(_ other: Self, _ f: (Int64, Int64) -> Bool) -> Bool {
        f(cpu, other.cpu) && f(memory, other.memory) && f(gpuMilli, other.gpuMilli)
    }
}

/// A Kueue ClusterQueue (v1beta2) with one resource flavor: nominal quota, borrowing and lending limits within a
/// cohort, and a queueing strategy.
///
/// Admission (`pkg/scheduler/scheduler.go`, `site/content/en/docs/concepts/cluster_queue.md`): a workload's total
/// requests fit when they are within the queue's unused nominal quota, or, borrowing, within the cohort's unused
/// lendable quota (each other queue lends `min(lendingLimit, its unused nominal)`, less what others already
/// borrow) and within `nominal + borrowingLimit`. In each cycle, candidates that fit without borrowing go first,
/// then higher priority, then earlier queue time. `StrictFIFO` blocks a queue behind its head; `BestEffortFIFO` lets
/// later workloads in when the head does not fit. Admitted workloads hold their quota until they finish; a cohort
/// never admits more than its queues' nominal quotas together. Kueue preemption and the fair-sharing preemption
/// strategies are in `Simulation+Timed.swift` (`quotaVictims`). A queue with several ResourceFlavors is a run of
/// consecutive entries (see `flavor`). Not modelled: hierarchical cohorts, fair-sharing admission order.
public struct ClusterQueueSpec: Sendable, Equatable {
    /// `spec.queueingStrategy`.
    public enum QueueingStrategy: String, Sendable, Equatable, CaseIterable {
        case bestEffortFIFO = "BestEffortFIFO"
        case strictFIFO = "StrictFIFO"
    }

    /// ClusterQueue name.
    public var name: String
    /// `spec.cohortName`, or `nil` for none.
    public var cohort: String?
    /// Nominal quota.
    public var nominal: QuotaVector
    /// `borrowingLimit` (`nil` = may borrow all that the cohort lends).
    public var borrowingLimit: QuotaVector?
    /// `lendingLimit` (`nil` = lends all its unused nominal quota).
    public var lendingLimit: QuotaVector?
    /// Queueing strategy (default BestEffortFIFO).
    public var queueingStrategy: QueueingStrategy
    /// `preemption.withinClusterQueue`: evict this queue's own admitted workloads for a pending one.
    public var withinClusterQueue: WithinClusterQueue = .never
    /// `preemption.reclaimWithinCohort`: evict workloads of cohort queues that borrow, to reclaim nominal quota.
    public var reclaimWithinCohort: ReclaimWithinCohort = .never
    /// `fairSharing.weight` (default 1) when the cohort uses fair sharing.
    public var fairSharingWeight: Double = 1
    /// The ResourceFlavor this entry's quota is for, or `nil` for a queue without flavors. A ClusterQueue with
    /// several flavors is a run of consecutive entries with the same `name`, one per flavor in order; their cohort
    /// is `<cohort>/<flavor>`, so borrowing happens only within a flavor.
    public var flavor: String?
    /// Node labels of the flavor: an admitted workload's pods get them as a nodeSelector (for example a GPU model).
    public var nodeLabels: [String: String] = [:]

    /// `preemption.withinClusterQueue` values.
    public enum WithinClusterQueue: String, Sendable, Equatable, CaseIterable {
        case never = "Never"
        case lowerPriority = "LowerPriority"
        case lowerOrNewerEqualPriority = "LowerOrNewerEqualPriority"
    }

    /// `preemption.reclaimWithinCohort` values.
    public enum ReclaimWithinCohort: String, Sendable, Equatable, CaseIterable {
        case never = "Never"
        case lowerPriority = "LowerPriority"
        case any = "Any"
    }

    /// Creates a ClusterQueue.
    public init(
        name: String, cohort: String? = nil, nominal: QuotaVector, borrowingLimit: QuotaVector? = nil,
        lendingLimit: QuotaVector? = nil, queueingStrategy: QueueingStrategy = .bestEffortFIFO
    ) {
        self.name = name
        self.cohort = cohort
        self.nominal = nominal
        self.borrowingLimit = borrowingLimit
        self.lendingLimit = lendingLimit
        self.queueingStrategy = queueingStrategy
    }
}

/// Kueue quota arithmetic over a set of ClusterQueues.
public enum KueueQuota {
    /// Dominant resource share of a queue in a flat cohort (`pkg/cache/scheduler/fair_sharing.go`):
    /// `max_r(borrowed_r × 1000 / lendable_r) / weight`, where `borrowed_r = max(0, usage_r − nominal_r)` and
    /// `lendable_r` is the cohort's total nominal quota of r. 0 when not borrowing; +∞ when borrowing with weight 0.
    ///
    /// - Parameters:
    ///   - usage: The queue's usage.
    ///   - queue: The queue.
    ///   - lendable: The cohort's lendable quota.
    /// - Returns: The share (Kueue shows `ceil` of it).
    public static func dominantResourceShare(usage: QuotaVector, queue: ClusterQueueSpec, lendable: QuotaVector)
        -> Double
    {
        let borrowed = (usage - queue.nominal).map { max(0, $0) }
        var share = 0.0
        for (b, l) in [
            (borrowed.cpu, lendable.cpu), (borrowed.memory, lendable.memory), (borrowed.gpuMilli, lendable.gpuMilli),
        ]
        where b > 0 && l > 0 {
            share = max(share, Double(b) * 1000 / Double(l))
        }
        if share == 0 { return 0 }
        return queue.fairSharingWeight == 0 ? .infinity : share / queue.fairSharingWeight
    }

    /// Whether `request` fits ClusterQueue `c` given every queue's usage, and whether it would borrow.
    ///
    /// - Parameters:
    ///   - request: The workload's total requests.
    ///   - c: Index of its ClusterQueue.
    ///   - queues: All ClusterQueues.
    ///   - usage: Admitted usage per queue.
    /// - Returns: `nil` if it does not fit; otherwise whether admitting it makes the queue borrow.
    public static func fit(_ request: QuotaVector, queue c: Int, queues: [ClusterQueueSpec], usage: [QuotaVector])
        -> Bool?
    {
        let spec = queues[c]
        let after = usage[c] + request
        guard let cohort = spec.cohort else { return after.allSatisfy(spec.nominal, <=) ? false : nil }
        // The cohort never holds more than its queues' nominal quotas together; quota another queue borrowed is
        // only returned when that workload ends (capsim does not model Kueue's reclaim preemption).
        var cohortNominal = QuotaVector()
        var cohortUsage = request
        for (i, other) in queues.enumerated() where other.cohort == cohort {
            cohortNominal = cohortNominal + other.nominal
            cohortUsage = cohortUsage + usage[i]
        }
        guard cohortUsage.allSatisfy(cohortNominal, <=) else { return nil }
        if after.allSatisfy(spec.nominal, <=) { return false }
        let limit = spec.borrowingLimit.map { spec.nominal + $0 } ?? .unlimited
        guard after.allSatisfy(limit, <=) else { return nil }
        // What the other queues of the cohort can lend now, less what they borrow themselves.
        var lendable = QuotaVector()
        var borrowedByOthers = QuotaVector()
        for (i, other) in queues.enumerated() where i != c && other.cohort == cohort {
            let unused = (other.nominal - usage[i]).map { max(0, $0) }
            lendable = lendable + unused.zip(other.lendingLimit ?? .unlimited, min)
            borrowedByOthers = borrowedByOthers + (usage[i] - other.nominal).map { max(0, $0) }
        }
        let borrow = (after - spec.nominal).map { max(0, $0) }
        guard borrow.allSatisfy(lendable - borrowedByOthers, <=) else { return nil }
        return true
    }
}
