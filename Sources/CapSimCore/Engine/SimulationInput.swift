/// A validated scenario, ready to simulate: the cluster, the scheduler profile and every job.
public struct SimulationInput: Sendable {
    /// How pods arrive and leave.
    public enum Mode: String, Sendable, Equatable, Codable, CaseIterable {
        /// Discrete-event replay: jobs arrive at their submit time, run for their duration, then free their node.
        case timed
        /// Arrival-only packing as in the ATC'23 FGD paper: pods are placed one by one in job order and never
        /// leave; a pod that does not fit is rejected (not retried).
        case arrivalOnly = "arrival-only"
    }

    /// The most pods one run may create (jobs x parallelism): 10,000,000, about 10 GB of run state. Pod and job
    /// indices are `Int32` inside the engine; the scenario loader rejects larger scenarios with this limit named.
    public static let maximumPods: Int64 = 10_000_000

    /// The scenario seed: plugins that draw random numbers (for example the Random GPU policy) derive their
    /// streams from it with `SeededRandom(seed:stream:)`.
    public var seed: UInt64
    /// The cluster.
    public var cluster: ClusterSpec
    /// Scheduler profile.
    public var scheduler: SchedulerConfiguration
    /// Jobs, in a stable order (ties in submit time keep this order).
    public var jobs: [JobSpec]
    /// Replay mode.
    public var mode: Mode
    /// Stop time for timed runs; `nil` runs until no event is left.
    public var horizon: SimTime?
    /// Time-series sampling step in milliseconds (timed runs), > 0.
    public var sampleStepMilliseconds: Int64
    /// PodDisruptionBudgets (DefaultPreemption prefers victims whose eviction violates none).
    public var disruptionBudgets: [PodDisruptionBudget]
    /// Node failure models, one per pool at most.
    public var failures: [NodeFailureModel] = []
    /// Rolling Kubernetes upgrades, or `nil`.
    public var maintenance: MaintenancePolicy?
    /// One-off node drains.
    public var drains: [NodeDrain] = []
    /// Kueue ClusterQueues; jobs with a `clusterQueue` wait for admission before the scheduler sees them.
    public var clusterQueues: [ClusterQueueSpec] = []
    /// Kueue fair sharing: reclaim preemption may only take a workload from a queue whose dominant resource share
    /// stays at least the preemptor queue's (`LessThanOrEqualToFinalShare`, or `LessThanInitialShare`).
    public var kueueFairSharing = false
    /// Cluster Autoscaler settings; it acts only on pools with `maxSize`.
    public var autoscaler = ClusterAutoscalerSettings()
    /// The ExtendedResourceToleration admission plugin: pods requesting `nvidia.com/gpu` get the toleration
    /// `nvidia.com/gpu Exists NoSchedule` (off by default, as in kube-apiserver).
    public var extendedResourceToleration = false
    /// Cost settings (`cost:`), or `nil` for none. Timed runs report the `cost_*` metrics when this is set or any
    /// pool has a price (then with the default settings).
    public var cost: CostSettings?
    /// Inference services (timed runs with a horizon): replicas managed by an HPA (`InferenceServiceSpec`).
    public var services: [InferenceServiceSpec] = []
    /// Metrics prepended to the run summary (for example trace statistics computed by an importer).
    public var extraSummary: [SummaryMetric]
    /// Check cluster invariants after every scheduling cycle and stop with a precondition failure if one breaks
    /// (tests and debugging; costs O(nodes) per cycle).
    public var checksInvariants: Bool

    /// Creates an input.
    public init(
        cluster: ClusterSpec, scheduler: SchedulerConfiguration = .default, jobs: [JobSpec], mode: Mode = .timed,
        horizon: SimTime? = nil, sampleStepMilliseconds: Int64 = 300_000, extraSummary: [SummaryMetric] = [],
        checksInvariants: Bool = false, seed: UInt64 = 1, disruptionBudgets: [PodDisruptionBudget] = []
    ) {
        self.disruptionBudgets = disruptionBudgets
        self.seed = seed
        self.cluster = cluster
        self.scheduler = scheduler
        self.jobs = jobs
        self.mode = mode
        self.horizon = horizon
        self.sampleStepMilliseconds = sampleStepMilliseconds
        self.extraSummary = extraSummary
        self.checksInvariants = checksInvariants
    }
}

/// Receives progress while a run goes on (for a progress line on a terminal). Called from the simulating thread.
public protocol SimulationObserver {
    /// Called every few thousand events.
    ///
    /// - Parameter fraction: Share of the work done, 0...1 (by simulated time or by pods placed).
    func progress(_ fraction: Double)
}

/// A PodDisruptionBudget over the pods of one workload (`policy/v1`).
///
/// `disruptionsAllowed` is `running - minAvailable` with `minAvailable`, or `maxUnavailable - terminating` with
/// `maxUnavailable`, where running and terminating count the workload's pods at that moment.
public struct PodDisruptionBudget: Sendable, Equatable {
    /// Budget name.
    public var name: String
    /// Workload whose pods it covers (its selector).
    public var workload: String
    /// `minAvailable` in pods, or `nil`.
    public var minAvailable: Int?
    /// `maxUnavailable` in pods, or `nil`.
    public var maxUnavailable: Int?

    /// Creates a budget; give exactly one of `minAvailable` and `maxUnavailable`.
    public init(name: String, workload: String, minAvailable: Int? = nil, maxUnavailable: Int? = nil) {
        self.name = name
        self.workload = workload
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
    }
}
