/// The discrete-event run loop: replays a `SimulationInput` and returns its `SimulationResult`.
///
/// Timed mode mirrors kube-scheduler's scheduling queue: new pods enter the active queue (PrioritySort); after all
/// events of one instant, the scheduler pops the active queue and tries each pod once. A pod that fits no node goes
/// to the unschedulable pool and returns when a pod leaves a node it would now fit (the queueing hint of a
/// pod-deleted event; through the backoff queue, 1 s doubling to 10 s, if its backoff has not expired) or after
/// 5 minutes in the pool (checked every 30 s), never by polling. When it fits nowhere, DefaultPreemption may evict
/// lower-priority pods (they keep their resources for their termination grace period) and nominate the node.
/// A pod that would not fit any node even if the cluster were empty is reported `unplaceable` at once and never
/// queued. Arrival-only mode is the packing replay of the ATC'23 paper (`Simulation+Packing.swift`).
public struct Simulation {
    enum Event: Sendable {
        case jobArrival(Int32)
        /// A pod ran to completion (ignored unless `attempt` matches the pod's current attempt).
        case podFinish(pod: Int32, attempt: UInt32)
        /// A preempted pod finished terminating and frees its node.
        case podTerminated(pod: Int32, attempt: UInt32)
        /// A pod's backoff expired: move it to the active queue.
        case backoffExpired(pod: Int32, generation: UInt32)
        /// Periodic flush of pods that spent too long in the unschedulable pool.
        case unschedulableFlush(pod: Int32, generation: UInt32)
        /// A pod lost with its node is replaced by its controller (after the node-failure detection delay).
        case podReplaced(pod: Int32, attempt: UInt32)
        /// A node fails (ignored unless `generation` matches the node's).
        case nodeFailure(node: Int32, generation: UInt32)
        /// A failed node is repaired.
        case nodeRepaired(node: Int32)
        /// An upgrade round starts.
        case upgradeRound
        /// Retry blocked evictions on a draining node.
        case drainRetry(node: Int32)
        /// A node finished its upgrade.
        case upgradeDone(node: Int32)
        /// A GPU device fails (ignored unless `generation` matches the node's device generation).
        case deviceFailure(node: Int32, device: Int32, generation: UInt32)
        /// A failed GPU device is replaced.
        case deviceRepaired(node: Int32, device: Int32)
        /// A pod's container exits with an error (ignored unless `attempt` matches).
        case podFailure(pod: Int32, attempt: UInt32)
        /// The kubelet restarts a failed container in place (restartPolicy OnFailure).
        case containerRestart(pod: Int32, attempt: UInt32)
        /// The Cluster Autoscaler loop runs.
        case autoscalerScan
        /// A node requested by a scale-up is Ready.
        case nodeProvisioned(node: Int32)
        /// A one-off drain starts.
        case drainStart(index: Int32)
        /// A one-off drain's maintenance window ends: the node is back and uncordoned.
        case drainEnd(index: Int32)
        /// Inference services: traffic evaluation, and HPA sync every 15 s (`Simulation+Inference.swift`).
        case inferenceTick
    }

    /// Where a pod is in its life.
    enum PodPhase: UInt8, Sendable {
        case notCreated, active, backoff, unschedulable, running, terminating, lost, done, unplaceable, rejected
    }

    let input: SimulationInput
    var state: ClusterState
    var scheduler: Scheduler
    var events = EventQueue<Event>()
    var activeQueue = SchedulingQueue()
    var unschedulable: [Int32] = []

    var compiled: [CompiledPod] = []
    var jobFirstPod: [Int32] = []
    var podJob: [Int32] = []
    var podNode: [Int32] = []
    var podDevices: [UInt64] = []
    var podPhase: [PodPhase] = []
    var podAttempt: [UInt32] = []
    var podGeneration: [UInt32] = []
    var podFailures: [Int32] = []
    var podLastFailure: [Int64] = []
    var podStart: [Int64] = []
    var podNominated: [Int32] = []
    var podBudget: [Int32] = []
    var nodePods: [[Int32]] = []
    var budgetRunning: [Int] = []
    var budgetTerminating: [Int] = []
    var jobStart: [Int64] = []
    var jobEnd: [Int64] = []
    var jobFinishedPods: [Int32] = []
    var jobState: [JobState] = []
    var jobReason: [String?] = []
    var jobPreemptions: [Int32] = []
    /// Jobs waiting for each job to succeed (pipeline steps), and how many dependencies each job still waits for.
    var jobDependents: [[Int32]] = []
    var jobWaitingFor: [Int32] = []
    /// When each job entered the queue: its submit time, or for a pipeline step when its dependencies finished.
    var jobQueued: [Int64] = []
    /// Whether a job's submit time has passed (it may still wait for dependencies).
    var jobArrived: [Bool] = []
    /// Latest started run of each CronJob (job index), or -1.
    var cronLatest: [Int32: Int] = [:]
    /// Jobs stopped by a CronJob `Replace`: their pods are not recreated.
    var jobCancelled: [Bool] = []
    /// Kueue: workloads waiting for admission per ClusterQueue, usage per queue, admission time per job (-1).
    var queuePending: [[Int32]] = []
    var queueUsage: [QuotaVector] = []
    var jobAdmitted: [Int64] = []
    /// The ClusterQueue entry (flavor) a job was admitted to, and its pods' nodeSelector before any flavor labels.
    var jobFlavor: [Int] = []
    var baseNodeSelector: [[(String, String)]] = []
    /// Failed pods per job (restartPolicy Never) and container restarts per pod (OnFailure).
    var jobFailedPods: [Int32] = []
    var podRestarts: [Int32] = []
    var podRemaining: [Int64] = []
    var podRunStart: [Int64] = []
    var jobLostWork: [Int64] = []
    var jobInterruptions: [Int32] = []
    var nodeGeneration: [UInt32] = []
    var nodeFailureModel: [Int] = []
    var nodeRandom: [SeededRandom] = []
    var nodeDraining: [Bool] = []
    var nodeDrainStart: [Int64] = []
    /// Index into `input.drains` of the one-off drain a node is in, or -1 (a rolling upgrade or none).
    var nodeOneOffDrain: [Int] = []
    var upgradeQueue: [Int] = []
    var upgradeQueueHead = 0
    var upgradesInFlight = 0
    var jobsOutstanding = 0
    /// Counts cluster changes that could help waiting pods (pods leaving, nodes arriving or returning).
    var clusterChanges: UInt64 = 0
    /// The node of each cluster change, in order (`changedNodes[c]` is change number c).
    var changedNodes: [Int32] = []
    /// Lowest job priority in the run (a pod at this priority can never preempt).
    var lowestPriority: Int32 = 0
    /// Jobs scheduled as gangs (for the invariant check).
    var gangJobs: [Int] = []
    var podParkedAtChange: [UInt64] = []
    var podDormant: [Bool] = []
    var nodeProvisioning: [Bool] = []
    var nodeUnneededSince: [Int64] = []
    /// Whether a node is being drained by the Cluster Autoscaler for removal.
    var nodeScaleDown: [Bool] = []
    var poolLastScaleUp: [Int64] = []
    var poolActiveNodes: [Int64] = []
    /// Random stream per GPU device (flat, `gpuStart[node] + device`), for device failures.
    var deviceRandom: [SeededRandom] = []
    var autoscalerRandom: SeededRandom
    var dynamics = DynamicsCounters()
    /// Requested resource-time per (workload, pool), for cost allocation (`Simulation+Cost.swift`).
    var allocation = AllocationLedger()
    var eventsProcessed = 0
    var pendingPods = 0
    var runningPods = 0
    var preemptedPods = 0
    var preemptionRandom: SeededRandom
    /// Inference-service controllers (`Simulation+Inference.swift`).
    var inference = InferenceRuntime()

    /// Prepares a run.
    ///
    /// - Parameter input: The validated scenario.
    public init(input: SimulationInput) {
        let input = Simulation.addingServiceReplicas(input)
        self.input = input
        let emptyState = ClusterState(spec: input.cluster)
        let models = emptyState.gpuModels
        let pods = input.jobs.map { job -> CompiledPod in
            var template = job.pod
            if input.extendedResourceToleration && template.gpuCount > 0 {
                // ExtendedResourceToleration: a toleration for the extended resource the pod requests.
                let key = template.isSharedGPU ? "alibabacloud.com/gpu-milli" : "nvidia.com/gpu"
                template.tolerations.append(Toleration(key: key, operator: .exists, effect: .noSchedule))
            }
            return CompiledPod(template, models: models)
        }
        compiled = pods
        var plugin: (any GPUScorePlugin)?
        if let policy = input.scheduler.gpuPolicy {
            plugin = GPUPolicyFactory.make(policy, input: input, compiled: pods, state: emptyState)
        }
        scheduler = Scheduler(configuration: input.scheduler, state: emptyState, gpuPlugin: plugin)
        state = emptyState
        preemptionRandom = SeededRandom(seed: input.seed, stream: "preemption")
        autoscalerRandom = SeededRandom(seed: input.seed, stream: "autoscaler/random")
        var podTotal = 0
        jobFirstPod.reserveCapacity(input.jobs.count)
        for job in input.jobs {
            jobFirstPod.append(Int32(podTotal))
            podTotal += Int(job.parallelism)
        }
        podJob.reserveCapacity(podTotal)
        for (j, job) in input.jobs.enumerated() {
            for _ in 0..<job.parallelism { podJob.append(Int32(j)) }
        }
        podNode = Array(repeating: -1, count: podTotal)
        podDevices = Array(repeating: 0, count: podTotal)
        podPhase = Array(repeating: .notCreated, count: podTotal)
        podAttempt = Array(repeating: 0, count: podTotal)
        podGeneration = podAttempt
        podFailures = Array(repeating: 0, count: podTotal)
        podLastFailure = Array(repeating: 0, count: podTotal)
        podStart = podLastFailure
        podNominated = podNode
        let budgetIndex = Dictionary(
            input.disruptionBudgets.enumerated().map { ($1.workload, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        podBudget = podJob.map { budgetIndex[input.jobs[Int($0)].workload] ?? -1 }
        budgetRunning = Array(repeating: 0, count: input.disruptionBudgets.count)
        budgetTerminating = budgetRunning
        nodePods = Array(repeating: [], count: input.cluster.nodes.count)
        jobStart = Array(repeating: -1, count: input.jobs.count)
        jobEnd = jobStart
        jobFinishedPods = Array(repeating: 0, count: input.jobs.count)
        jobState = Array(repeating: .pending, count: input.jobs.count)
        jobReason = Array(repeating: nil, count: input.jobs.count)
        jobPreemptions = Array(repeating: 0, count: input.jobs.count)
        jobDependents = Array(repeating: [], count: input.jobs.count)
        jobWaitingFor = input.jobs.map { Int32($0.dependsOn.count) }
        for (j, job) in input.jobs.enumerated() {
            for d in job.dependsOn { jobDependents[Int(d)].append(Int32(j)) }
        }
        jobQueued = input.jobs.map(\.submitTime.milliseconds)
        jobArrived = Array(repeating: false, count: input.jobs.count)
        jobCancelled = Array(repeating: false, count: input.jobs.count)
        queuePending = Array(repeating: [], count: input.clusterQueues.count)
        queueUsage = Array(repeating: QuotaVector(), count: input.clusterQueues.count)
        jobAdmitted = Array(repeating: -1, count: input.jobs.count)
        jobFlavor = Array(repeating: -1, count: input.jobs.count)
        baseNodeSelector = compiled.map(\.nodeSelector)
        jobFailedPods = Array(repeating: 0, count: input.jobs.count)
        podRestarts = Array(repeating: 0, count: podTotal)
        jobLostWork = Array(repeating: 0, count: input.jobs.count)
        jobInterruptions = jobPreemptions
        podRemaining = podJob.map { input.jobs[Int($0)].durationMilliseconds ?? -1 }
        podRunStart = Array(repeating: 0, count: podTotal)
        podParkedAtChange = Array(repeating: 0, count: podTotal)
        lowestPriority = pods.map(\.priority).min() ?? 0
        gangJobs = input.jobs.indices.filter { input.jobs[$0].gangMinAvailable != nil }
        podDormant = Array(repeating: false, count: podTotal)
        let nodeCount = input.cluster.nodes.count
        nodeGeneration = Array(repeating: 0, count: nodeCount)
        nodeDraining = Array(repeating: false, count: nodeCount)
        nodeDrainStart = Array(repeating: 0, count: nodeCount)
        nodeOneOffDrain = Array(repeating: -1, count: nodeCount)
        nodeProvisioning = Array(repeating: false, count: nodeCount)
        nodeUnneededSince = Array(repeating: -1, count: nodeCount)
        nodeScaleDown = Array(repeating: false, count: nodeCount)
        poolLastScaleUp = Array(repeating: Int64.min / 2, count: input.cluster.pools.count)
        poolActiveNodes = Array(repeating: 0, count: input.cluster.pools.count)
        for node in input.cluster.nodes where node.isProvisioned { poolActiveNodes[node.poolIndex] += 1 }
        dynamics.poolNodeMilliseconds = Array(repeating: 0, count: input.cluster.pools.count)
        let modelOfPool = Dictionary(
            input.failures.enumerated().map { ($1.poolIndex, $0) }, uniquingKeysWith: { first, _ in first })
        nodeFailureModel = input.cluster.nodes.map { modelOfPool[$0.poolIndex] ?? -1 }
        nodeRandom = input.cluster.nodes.map { SeededRandom(seed: input.seed, stream: "failures/\($0.name)") }
        if input.failures.contains(where: { $0.gpuTimeBetweenFailures != nil }) {
            for node in input.cluster.nodes {
                for d in 0..<Int(node.gpuCount) {
                    deviceRandom.append(SeededRandom(seed: input.seed, stream: "gpu-failures/\(node.name)/\(d)"))
                }
            }
        }
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

    // MARK: - Shared helpers

    /// `nil` if some node could host the job's pod when empty; otherwise the reason it never can, naming the
    /// resource that exceeds every node that passes the selector, affinity and taint filters.
    func neverFitsReason(job j: Int) -> String? {
        let pod = compiled[j]
        var staticFailure: String?
        var candidates = 0
        var largest = (cpu: Int64(0), memory: Int64(0), gpus: Int32(0), pods: Int32(0))
        var modelMatch = false
        for n in 0..<state.nodeCount {
            if let f = StaticNodeFilters.filterIgnoringStatus(pod, node: n, state: state) {
                staticFailure = staticFailure ?? f.rawValue
                continue
            }
            if NodeResourcesFit.fitsEmpty(pod, node: n, state: state) { return nil }
            candidates += 1
            largest.cpu = max(largest.cpu, state.allocatableCPU[n])
            largest.memory = max(largest.memory, state.allocatableMemory[n])
            largest.pods = max(largest.pods, state.allocatablePods[n])
            let model = state.gpuModelID[n]
            let allowed =
                pod.modelMask == .max || (model >= 0 && model < 64 && pod.modelMask & (1 << UInt64(model)) != 0)
            if allowed {
                modelMatch = true
                largest.gpus = max(largest.gpus, state.gpuCount[n])
            }
        }
        guard candidates > 0 else { return staticFailure ?? "no nodes in the cluster" }
        if pod.cpu > largest.cpu {
            return "Insufficient cpu on every node (requests \(pod.cpu)m, largest node \(largest.cpu)m)"
        }
        if pod.memory > largest.memory {
            return "Insufficient memory on every node (requests \(pod.memory) bytes, largest node \(largest.memory))"
        }
        if pod.gpuCount > 0 && !modelMatch { return "no node has an allowed GPU model" }
        if pod.gpuCount > largest.gpus {
            return "Insufficient nvidia.com/gpu on every node (requests \(pod.gpuCount), largest node \(largest.gpus))"
        }
        if largest.pods < 1 { return "Too many pods: no node allows any pod" }
        return "no single node has all the requested resources"
    }

    /// Binds a pod: reserves resources (devices chosen by the GPU policy, if any) and records the start.
    mutating func bind(pod p: Int, job j: Int, node: Int, at t: Int64) {
        let chosen = scheduler.selectDevices(compiled[j], node: node, state: state)
        podDevices[p] = state.bind(compiled[j], on: node, devices: chosen)
        scheduler.didBind(compiled[j], node: node, devices: podDevices[p], state: state)
        podNode[p] = Int32(node)
        podPhase[p] = .running
        podStart[p] = t
        nodePods[node].append(Int32(p))
        if podBudget[p] >= 0 { budgetRunning[Int(podBudget[p])] += 1 }
        pendingPods -= 1
        runningPods += 1
        if jobStart[j] < 0 {
            jobStart[j] = t
            jobReason[j] = nil
        }
        scheduleRun(pod: p, at: t)
    }

    /// Starts (or restarts) a pod's work: its completion, or its failure if it fails first.
    mutating func scheduleRun(pod p: Int, at t: Int64) {
        podRunStart[p] = t
        let j = Int(podJob[p])
        if let failsAfter = input.jobs[j].failsAfterMilliseconds, podRemaining[p] < 0 || failsAfter < podRemaining[p] {
            events.schedule(
                .podFailure(pod: Int32(p), attempt: podAttempt[p]), at: SimTime(milliseconds: t + failsAfter))
        } else if podRemaining[p] >= 0 {
            events.schedule(
                .podFinish(pod: Int32(p), attempt: podAttempt[p]), at: SimTime(milliseconds: t + podRemaining[p]))
        }
    }

    // MARK: - Records

    func records() -> [JobRecord] {
        input.jobs.prefix(serviceSlotStart).enumerated().map { j, job in
            let first = Int(jobFirstPod[j])
            let node = podNode[first] >= 0 ? input.cluster.nodes[Int(podNode[first])].name : nil
            return JobRecord(
                name: job.name, workload: job.workload, pods: job.parallelism, cpuMillicores: job.pod.cpuMillicores,
                memoryBytes: job.pod.memoryBytes, gpuMilli: job.pod.totalGPUMilli,
                submitMilliseconds: jobQueued[j],
                startMilliseconds: jobStart[j] >= 0 ? jobStart[j] : nil,
                endMilliseconds: jobEnd[j] >= 0 ? jobEnd[j] : nil, state: jobState[j], node: node,
                reason: jobState[j] == .succeeded || jobState[j] == .running ? nil : jobReason[j],
                preemptions: jobPreemptions[j], interruptions: jobInterruptions[j],
                lostWorkMilliseconds: jobLostWork[j])
        }
    }
}

/// Counters of cluster disruptions over a run.
struct DynamicsCounters: Sendable {
    var nodeFailures = 0
    var podsInterrupted = 0
    var upgradeRounds = 0
    var nodeUpgrades = 0
    var drainEvictions = 0
    var forcedDeletions = 0
    /// Work lost since the last checkpoint, GPU-milli x ms.
    var lostGPUMilliMilliseconds: Int128 = 0
    /// Work lost, pod x ms.
    var lostPodMilliseconds: Int128 = 0
    /// GPUs of down nodes x time, GPU-milli x ms.
    var outOfServiceGPUMilliMilliseconds: Int128 = 0
    /// Nodes down x time, node x ms.
    var downNodeMilliseconds: Int128 = 0
    /// Provisioned or provisioning nodes x time per pool, node x ms (node-hours for infrastructure cost: a node
    /// counts from the scale-up request until its removal).
    var poolNodeMilliseconds: [Int128] = []
    var gpuDeviceFailures = 0
    var kueueEvictions = 0
    var scaleUps = 0
    var scaleDownEvictions = 0
    var nodesAdded = 0
    var nodesRemoved = 0
}
