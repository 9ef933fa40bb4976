/// A resource the NodeResourcesFit and BalancedAllocation scores can weigh.
public enum ScoredResource: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// CPU, millicores.
    case cpu
    /// Memory, bytes.
    case memory
    /// `nvidia.com/gpu`, counted in GPU-milli so shared GPUs score proportionally.
    case gpu = "nvidia.com/gpu"
}

/// NodeResourcesFit scoring strategy (`pkg/scheduler/framework/plugins/noderesources`).
public enum ScoringStrategy: String, Sendable, Equatable, Codable, CaseIterable {
    /// Prefer the emptiest node: `(allocatable - requested) * 100 / allocatable` (`least_allocated.go`).
    case leastAllocated = "LeastAllocated"
    /// Prefer the fullest node: `min(requested, allocatable) * 100 / allocatable` (`most_allocated.go`).
    case mostAllocated = "MostAllocated"
    /// A piecewise-linear function of utilization given by `SchedulerConfiguration.shape`
    /// (`requested_to_capacity_ratio.go`).
    case requestedToCapacityRatio = "RequestedToCapacityRatio"
}

/// One point of a RequestedToCapacityRatio shape: utilization 0...100 (%) and score 0...10.
public struct UtilizationShapePoint: Sendable, Equatable, Hashable {
    /// Utilization in percent, 0...100, strictly increasing along the shape.
    public var utilization: Int64
    /// Score 0...10 (scaled by 10 to 0...100 when scoring).
    public var score: Int64

    /// Creates a point.
    public init(utilization: Int64, score: Int64) {
        self.utilization = utilization
        self.score = score
    }
}

/// Which kube-scheduler release's formulas to use where they differ.
public enum KubernetesVersion: String, Sendable, Equatable, Codable, CaseIterable {
    /// v1.35 and earlier: BalancedAllocation scores the balance after placing the pod.
    case v1_35 = "1.35"
    /// v1.36: BalancedAllocation scores the change in balance (k/k PR #135573).
    case v1_36 = "1.36"
}

/// The scheduler profile of a run: which score plugins run, with which weights and arguments.
///
/// `SchedulerProfile` turns it into the plugin list a `Scheduler` runs. Filters are always NodeUnschedulable,
/// NodeAffinity (nodeSelector and required terms), TaintToleration and NodeResourcesFit (with GPU devices). Filtering walks the nodes round-robin from where the previous cycle stopped and stops after
/// `numFeasibleNodesToFind` feasible nodes (`percentageOfNodesToScore`, `schedule_one.go`). Scores are combined as
/// `Σ weight_p × score_p` (`RunScorePlugins`); the node with the highest total wins, and ties go to the node found
/// first in that walk. Upstream breaks ties at random; capsim's fixed order keeps runs reproducible.
public struct SchedulerConfiguration: Sendable, Equatable {
    /// Profile name, for the record (`default`, `binpack`, or a custom name).
    public var profile: String
    /// NodeResourcesFit strategy.
    public var scoringStrategy: ScoringStrategy
    /// NodeResourcesFit resources and weights (default cpu 1, memory 1).
    public var fitResources: [ScoredResource: Int64]
    /// RequestedToCapacityRatio shape (required with that strategy; the docs' bin-packing shape is
    /// `[(0, 0), (100, 10)]`).
    public var shape: [UtilizationShapePoint] = []
    /// Weight of NodeAffinity's preferred-term score (default 2).
    public var nodeAffinityWeight: Int64 = 2
    /// Weight of the NodeResourcesFit score plugin (default 1; 0 disables it).
    public var fitWeight: Int64
    /// Weight of NodeResourcesBalancedAllocation (default 1; 0 disables it).
    public var balancedAllocationWeight: Int64
    /// BalancedAllocation resources (default cpu, memory).
    public var balancedResources: [ScoredResource]
    /// Weight of TaintToleration scoring of `PreferNoSchedule` taints (default 3).
    public var taintTolerationWeight: Int64
    /// Formula version where releases differ.
    public var kubernetesVersion: KubernetesVersion
    /// `percentageOfNodesToScore`: 0 = adaptive (`50 - nodes/125`, at least 5 %), 100 = every node, 1...100.
    public var percentageOfNodesToScore: Int
    /// Whether the DefaultPreemption PostFilter runs (kube-scheduler default: on).
    public var preemptionEnabled: Bool = true
    /// `podInitialBackoffSeconds` in milliseconds (default 1 s).
    public var podInitialBackoffMilliseconds: Int64 = 1_000
    /// `podMaxBackoffSeconds` in milliseconds (default 10 s).
    public var podMaxBackoffMilliseconds: Int64 = 10_000
    /// Longest stay in the unschedulable pool before a retry (`DefaultPodMaxInUnschedulablePodsDuration`, 5 min),
    /// checked every 30 s.
    public var podMaxInUnschedulablePodsMilliseconds: Int64 = 300_000
    /// An ATC'23 GPU-sharing score plugin, or `nil`.
    public var gpuPolicy: GPUPolicyKind?
    /// Weight of the GPU policy's score (default 1000, as in the paper's scheduler configuration).
    public var gpuPolicyWeight: Int64

    /// Creates a configuration; the defaults are kube-scheduler v1.36 defaults.
    public init(
        profile: String = "default", scoringStrategy: ScoringStrategy = .leastAllocated,
        fitResources: [ScoredResource: Int64] = [.cpu: 1, .memory: 1], fitWeight: Int64 = 1,
        balancedAllocationWeight: Int64 = 1, balancedResources: [ScoredResource] = [.cpu, .memory],
        taintTolerationWeight: Int64 = 3, kubernetesVersion: KubernetesVersion = .v1_36,
        percentageOfNodesToScore: Int = 0, gpuPolicy: GPUPolicyKind? = nil, gpuPolicyWeight: Int64 = 1000
    ) {
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.gpuPolicy = gpuPolicy
        self.gpuPolicyWeight = gpuPolicyWeight
        self.profile = profile
        self.scoringStrategy = scoringStrategy
        self.fitResources = fitResources
        self.fitWeight = fitWeight
        self.balancedAllocationWeight = balancedAllocationWeight
        self.balancedResources = balancedResources
        self.taintTolerationWeight = taintTolerationWeight
        self.kubernetesVersion = kubernetesVersion
    }

    /// kube-scheduler defaults: LeastAllocated over cpu and memory, BalancedAllocation 1, TaintToleration 3.
    public static let `default` = SchedulerConfiguration()

    /// Bin-packing: MostAllocated over cpu 1, memory 1, nvidia.com/gpu 3; BalancedAllocation off, because it
    /// pulls pods toward half-full nodes and works against packing.
    public static let binpack = SchedulerConfiguration(
        profile: "binpack", scoringStrategy: .mostAllocated, fitResources: [.cpu: 1, .memory: 1, .gpu: 3],
        balancedAllocationWeight: 0)

    /// The profile of the ATC'23 experiments for one GPU policy: only that score plugin (weight 1000), every node
    /// scored (`percentageOfNodesToScore: 100`), filters as always (`example/test-scheduler-config.yaml` of
    /// hkust-adsl/kubernetes-scheduler-simulator).
    ///
    /// - Parameter policy: The GPU policy.
    /// - Returns: A profile named after the policy.
    public static func gpuSharing(_ policy: GPUPolicyKind) -> SchedulerConfiguration {
        SchedulerConfiguration(
            profile: policy.rawValue, fitWeight: 0, balancedAllocationWeight: 0, taintTolerationWeight: 0,
            percentageOfNodesToScore: 100, gpuPolicy: policy)
    }
}

extension SchedulerConfiguration {
    /// How many feasible nodes a cycle looks for before scoring (`numFeasibleNodesToFind`, `schedule_one.go`).
    ///
    /// Clusters under 100 nodes are searched whole. Otherwise `p = percentage`, or when 0 the adaptive
    /// `50 - nodes/125` floored at 5; the result is `max(nodes * p / 100, 100)`.
    ///
    /// - Parameters:
    ///   - nodeCount: Nodes in the cluster.
    ///   - percentage: `percentageOfNodesToScore` (0 = adaptive).
    /// - Returns: The number of feasible nodes to find, at most `nodeCount`.
    public static func numFeasibleNodesToFind(nodeCount: Int, percentage: Int) -> Int {
        let minFeasibleNodesToFind = 100
        let minFeasibleNodesPercentageToFind = 5
        if nodeCount < minFeasibleNodesToFind || percentage >= 100 { return nodeCount }
        var p = percentage
        if p <= 0 {
            p = 50 - nodeCount / 125
            if p < minFeasibleNodesPercentageToFind { p = minFeasibleNodesPercentageToFind }
        }
        let k = nodeCount * p / 100
        return min(max(k, minFeasibleNodesToFind), nodeCount)
    }
}

extension SchedulerConfiguration {
    /// The backoff after the `count`-th consecutive failed attempt: `initial << (count - 1)` capped at `max`
    /// (`calculateBackoffDuration`, `backend/queue/backoff_queue.go`), 0 for count 0.
    ///
    /// - Parameter count: Consecutive unschedulable attempts.
    /// - Returns: Backoff in milliseconds.
    public func backoffMilliseconds(afterAttempts count: Int) -> Int64 {
        guard count > 0 else { return 0 }
        let initial = podInitialBackoffMilliseconds
        let limit = podMaxBackoffMilliseconds
        if count - 1 >= 62 || initial > limit >> Int64(count - 1) { return limit }
        return initial << Int64(count - 1)
    }
}
