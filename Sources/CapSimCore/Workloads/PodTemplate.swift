/// CronJob `spec.concurrencyPolicy`.
public enum ConcurrencyPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Runs may overlap (default).
    case allow = "Allow"
    /// A run is skipped while the previous one is still active.
    case forbid = "Forbid"
    /// The previous run is stopped and the new one starts.
    case replace = "Replace"
}

/// `spec.template.spec.restartPolicy` of a Job's pods.
public enum RestartPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
    /// A failed pod is replaced by a new pod; the Job fails when failed pods exceed `backoffLimit`.
    case never = "Never"
    /// The container restarts in the same pod (kubelet backoff 10 s doubling to 300 s); the Job fails when the
    /// restarts reach `backoffLimit`.
    case onFailure = "OnFailure"
}

/// `spec.preemptionPolicy` of a pod (from its PriorityClass).
public enum PreemptionPolicy: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// May preempt lower-priority pods (the default).
    case preemptLowerPriority = "PreemptLowerPriority"
    /// Waits instead of preempting.
    case never = "Never"
}

/// What one pod asks for and where it may run: the scheduler's view of `pod.spec`.
///
/// GPU requests follow two conventions:
/// - whole GPUs (`nvidia.com/gpu: N`): `gpuCount = N`, `gpuMilliPerGPU = 1000`; the pod needs N fully free
///   devices on one node;
/// - a shared GPU (the Alibaba GPU-share convention used by the openb trace, `alibabacloud.com/gpu-milli`):
///   `gpuCount = 1`, `gpuMilliPerGPU < 1000`; the pod needs one device with that much GPU-milli free.
public struct PodTemplate: Sendable, Equatable {
    /// Effective CPU request in millicores (0 = none).
    public var cpuMillicores: Int64
    /// Effective memory request in bytes (0 = none).
    public var memoryBytes: Int64
    /// Number of GPU devices requested (0 = CPU-only pod).
    public var gpuCount: Int32
    /// GPU share per requested device in GPU-milli (1000 = a whole GPU; < 1000 only when `gpuCount == 1`).
    public var gpuMilliPerGPU: Int32
    /// Allowed GPU models; empty means any model.
    public var gpuModels: [String]
    /// `spec.priority` from the pod's PriorityClass (higher schedules first).
    public var priority: Int32
    /// `spec.nodeSelector`: labels a node must carry with these exact values.
    public var nodeSelector: [String: String]
    /// `spec.tolerations`.
    public var tolerations: [Toleration]
    /// `spec.affinity.nodeAffinity`.
    public var nodeAffinity: NodeAffinity
    /// Share of the time its GPUs are busy while it runs, 0...1 (default 1: training keeps GPUs busy; notebooks and
    /// lightly loaded services hold GPUs they rarely use). Separates GPU utilization from GPU allocation.
    public var gpuBusyFraction: Double = 1
    /// The `cluster-autoscaler.kubernetes.io/safe-to-evict` annotation: `false` keeps the Cluster Autoscaler from
    /// removing the node the pod runs on.
    public var isSafeToEvict = true
    /// `spec.preemptionPolicy`.
    public var preemptionPolicy: PreemptionPolicy
    /// `spec.terminationGracePeriodSeconds` in milliseconds (default 30 s): a preempted pod keeps its resources
    /// this long.
    public var terminationGracePeriodMilliseconds: Int64

    /// Creates a pod template.
    public init(
        cpuMillicores: Int64 = 0, memoryBytes: Int64 = 0, gpuCount: Int32 = 0, gpuMilliPerGPU: Int32 = 1000,
        gpuModels: [String] = [], priority: Int32 = 0, nodeSelector: [String: String] = [:],
        tolerations: [Toleration] = [], preemptionPolicy: PreemptionPolicy = .preemptLowerPriority,
        terminationGracePeriodMilliseconds: Int64 = 30_000, nodeAffinity: NodeAffinity = NodeAffinity()
    ) {
        self.nodeAffinity = nodeAffinity
        self.preemptionPolicy = preemptionPolicy
        self.terminationGracePeriodMilliseconds = terminationGracePeriodMilliseconds
        self.cpuMillicores = cpuMillicores
        self.memoryBytes = memoryBytes
        self.gpuCount = gpuCount
        self.gpuMilliPerGPU = gpuCount == 0 ? 0 : gpuMilliPerGPU
        self.gpuModels = gpuModels
        self.priority = priority
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
    }

    /// Total GPU request in GPU-milli (`gpuCount * gpuMilliPerGPU`).
    public var totalGPUMilli: Int64 { Int64(gpuCount) * Int64(gpuMilliPerGPU) }

    /// Whether the pod shares one GPU with others (`gpuMilliPerGPU < 1000`).
    public var isSharedGPU: Bool { gpuCount > 0 && gpuMilliPerGPU < 1000 }
}

/// One batch job: `parallelism` identical pods that each run for `durationMilliseconds` once placed.
///
/// The job starts when its first pod starts and ends when its last pod finishes.
public struct JobSpec: Sendable, Equatable {
    /// Job name, unique within the run.
    public var name: String
    /// Name of the workload that produced it (the scenario's `workloads[].name`).
    public var workload: String
    /// Submission time.
    public var submitTime: SimTime
    /// Number of pods.
    public var parallelism: Int32
    /// Run time of each pod once bound, in milliseconds; `nil` = runs forever (arrival-only packing).
    public var durationMilliseconds: Int64?
    /// What each pod asks for.
    public var pod: PodTemplate
    /// Checkpoint interval in ms of work: an interrupted pod loses only the work since its last checkpoint and
    /// resumes with the rest; `nil` = no checkpoints (an interrupted pod starts over).
    public var checkpointIntervalMilliseconds: Int64?
    /// Gang scheduling (Volcano / coscheduling PodGroup `minAvailable`): at least this many pods are placed in one
    /// scheduling decision or none is; `nil` = pods are scheduled one by one. When a running gang pod is interrupted,
    /// its running siblings stop too and the gang is placed again.
    public var gangMinAvailable: Int32?
    /// Jobs (indices into `SimulationInput.jobs`, all earlier in the list) that must succeed before this job is
    /// submitted: a pipeline step waits for its dependencies (Kubeflow Pipelines / Argo DAG semantics).
    public var dependsOn: [Int32] = []
    /// The pipeline run this job is a step of (for the pipeline makespan), or `nil`.
    public var pipelineRun: String?
    /// Index of the Kueue ClusterQueue (`SimulationInput.clusterQueues`) the job is submitted to through its
    /// LocalQueue, or `nil` to go straight to the scheduler.
    public var clusterQueue: Int32?
    /// A pod of this job fails (its container exits with an error) after running this long, every attempt; `nil` =
    /// pods do not fail. Work since the last checkpoint is lost at each failure.
    public var failsAfterMilliseconds: Int64?
    /// Job `restartPolicy` for failing pods.
    public var restartPolicy: RestartPolicy = .never
    /// Job `spec.backoffLimit` (default 6).
    public var backoffLimit: Int32 = 6
    /// CronJob runs of one CronJob share a group; `concurrencyPolicy` applies within it. `nil` = not a CronJob.
    public var cronJob: Int32?
    /// CronJob `spec.concurrencyPolicy`.
    public var concurrencyPolicy: ConcurrencyPolicy = .allow
    /// Whether the job is an extra sample drawn to tune a trace to a target load (`OpenbTrace.jobs` with `tune`),
    /// not part of the trace itself. Typical pods (FGD, fragmentation metric) are taken from the other jobs.
    public var isTuningSample: Bool

    /// Creates a job.
    public init(
        name: String, workload: String, submitTime: SimTime, parallelism: Int32 = 1, durationMilliseconds: Int64?,
        pod: PodTemplate, checkpointIntervalMilliseconds: Int64? = nil, isTuningSample: Bool = false,
        gangMinAvailable: Int32? = nil
    ) {
        self.gangMinAvailable = gangMinAvailable
        self.checkpointIntervalMilliseconds = checkpointIntervalMilliseconds
        self.isTuningSample = isTuningSample
        self.name = name
        self.workload = workload
        self.submitTime = submitTime
        self.parallelism = parallelism
        self.durationMilliseconds = durationMilliseconds
        self.pod = pod
    }
}
