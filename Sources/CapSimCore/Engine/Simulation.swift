/// A run: replays a `SimulationInput` and returns its `SimulationResult`.
///
/// The run is split the way Kubernetes splits its control plane. The engine (`Engine`: clock, event queue) routes
/// each `Event` to the controller that owns it. The cluster (`ClusterState` for nodes and devices, `PodTable` for
/// pods, `DisruptionBudgets`) changes only through ONE bind path and ONE unbind path (`Simulation+Binding.swift`),
/// which release resources, clear nominations, book cost allocation and notify the controllers that care. The
/// scheduler (`Scheduling/`: the scheduling queue, the framework's Filter and Score plugins, DefaultPreemption as
/// PostFilter) places pods; the controllers (`Controllers/`: Job, Gang, CronJob, Pipeline, Kueue, NodeLifecycle,
/// Maintenance, ClusterAutoscaler, Inference) own their state and their events.
///
/// Timed mode runs the event loop (`Simulation+Loop.swift`); arrival-only mode is the packing replay of the
/// ATC'23 paper (`Simulation+ArrivalOnly.swift`).
public struct Simulation {
    let input: SimulationInput
    /// Clock and event queue.
    var engine = Engine()
    /// Nodes, devices, requests and nominations.
    var state: ClusterState
    /// Pods: phase, binding, nomination.
    var pods: PodTable
    /// PodDisruptionBudget status.
    var budgets: DisruptionBudgets
    /// Each job's pod as the scheduler sees it (Kueue adds its flavor's node labels on admission).
    var compiled: [CompiledPod] = []
    /// The scheduling framework: Filter, Score and the GPU policy (a class with reusable buffers).
    var scheduler: Scheduler
    /// Active queue, backoff and the unschedulable pool.
    var queue: SchedulingQueue
    /// DefaultPreemption's random start offset (stream `preemption`).
    var preemptionRandom: SeededRandom
    /// Running pods per priority: DefaultPreemption skips its search when none could be a victim.
    var runningPriorities = RunningPriorities()
    /// `neverFitsReason` per pod shape and requests (`cachedNeverFitsReason`).
    var neverFits: [NeverFitsKey: String?] = [:]
    var jobs: JobController
    var gangs: GangController
    var cronJobs = CronJobController()
    var pipelines: PipelineController
    var kueue: KueueController
    var lifecycle: NodeLifecycleController
    var maintenance: MaintenanceController
    var autoscaler: ClusterAutoscalerController
    var inference: InferenceController
    /// Counters of disruptions and lost work, reported by the controllers.
    var counters = DisruptionCounters()
    /// Requested resource-time per (workload, pool), booked by `unbind` (`Cost/`).
    var allocation = AllocationLedger()
    /// Notifications for controllers, delivered after the current event's handler (`Simulation+Binding.swift`).
    var notices: [ClusterNotice] = []

    /// Prepares a run.
    ///
    /// - Parameter input: The validated scenario.
    public init(input: SimulationInput) {
        let input = InferenceController.addingServiceReplicas(input)
        self.input = input
        let emptyState = ClusterState(spec: input.cluster)
        let models = emptyState.gpuModels
        let compiledPods = input.jobs.map { job -> CompiledPod in
            var template = job.pod
            if input.extendedResourceToleration && template.gpuCount > 0 {
                // ExtendedResourceToleration: a toleration for the extended resource the pod requests.
                let key = template.isSharedGPU ? "alibabacloud.com/gpu-milli" : "nvidia.com/gpu"
                template.tolerations.append(Toleration(key: key, operator: .exists, effect: .noSchedule))
            }
            return CompiledPod(template, models: models)
        }
        compiled = compiledPods
        var plugin: (any GPUScorePlugin)?
        if let policy = input.scheduler.gpuPolicy {
            plugin = GPUPolicyFactory.make(policy, input: input, compiled: compiledPods, state: emptyState)
        }
        scheduler = Scheduler(configuration: input.scheduler, state: emptyState, gpuPlugin: plugin)
        state = emptyState
        preemptionRandom = SeededRandom(seed: input.seed, stream: "preemption")
        pods = PodTable(jobs: input.jobs, nodeCount: input.cluster.nodes.count)
        budgets = DisruptionBudgets(input.disruptionBudgets, jobs: input.jobs, podJob: pods.job)
        jobs = JobController(jobs: input.jobs, podJob: pods.job)
        queue = SchedulingQueue(
            podCount: pods.count, lowestPriority: compiledPods.map(\.priority).min() ?? 0,
            configuration: input.scheduler)
        gangs = GangController(jobs: input.jobs)
        pipelines = PipelineController(jobs: input.jobs)
        kueue = KueueController(
            queues: input.clusterQueues, fairSharing: input.kueueFairSharing, jobs: input.jobs, compiled: compiledPods)
        lifecycle = NodeLifecycleController(input: input)
        maintenance = MaintenanceController(nodeCount: input.cluster.nodes.count)
        autoscaler = ClusterAutoscalerController(input: input)
        inference = InferenceController(input: input)
        counters.poolNodeMilliseconds = Array(repeating: 0, count: input.cluster.pools.count)
        for j in compiled.indices { scheduler.classify(&compiled[j], state: state) }
    }

    /// Runs the simulation to the end.
    ///
    /// - Parameter observer: Optional progress receiver.
    /// - Returns: Jobs, summary and time series.
    public mutating func run(observer: (any SimulationObserver)? = nil) -> SimulationResult {
        switch input.mode {
        case .timed: return runTimed(observer: observer)
        case .arrivalOnly: return runArrivalOnly(observer: observer)
        }
    }

    /// Convenience: simulates an input in one call.
    ///
    /// - Parameters:
    ///   - input: The validated scenario.
    ///   - observer: Optional progress receiver.
    /// - Returns: The run's result.
    public static func run(_ input: SimulationInput, observer: (any SimulationObserver)? = nil) -> SimulationResult {
        var simulation = Simulation(input: input)
        return simulation.run(observer: observer)
    }
}
