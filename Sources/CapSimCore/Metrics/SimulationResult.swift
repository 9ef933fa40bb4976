/// Final state of a job at the end of a run.
public enum JobState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every pod ran to completion.
    case succeeded
    /// At least one pod was running when the run ended (horizon reached, or arrival-only packing).
    case running
    /// Some pod was still waiting for a node when the run ended.
    case pending
    /// Some pod can never fit any node of the cluster, even an empty one; it never entered the queue.
    case unplaceable
    /// Arrival-only packing: the pod did not fit when it arrived and was dropped (counts as failed in ATC'23).
    case rejected
    /// A CronJob run not started because the previous run was still active (`concurrencyPolicy: Forbid`).
    case skipped
    /// A CronJob run stopped because the next run started (`concurrencyPolicy: Replace`).
    case replaced
    /// The Job failed: its pods failed more often than `backoffLimit` allows (`BackoffLimitExceeded`).
    case failed
}

/// One job's record: times in milliseconds since the scenario start.
public struct JobRecord: Sendable, Equatable {
    /// Job name.
    public var name: String
    /// Workload name.
    public var workload: String
    /// Number of pods.
    public var pods: Int32
    /// CPU request per pod, millicores.
    public var cpuMillicores: Int64
    /// Memory request per pod, bytes.
    public var memoryBytes: Int64
    /// GPU request per pod, GPU-milli.
    public var gpuMilli: Int64
    /// Submission time, ms.
    public var submitMilliseconds: Int64
    /// When the first pod was bound, ms; `nil` if none was.
    public var startMilliseconds: Int64?
    /// When the last pod finished, ms; `nil` unless succeeded.
    public var endMilliseconds: Int64?
    /// Final state.
    public var state: JobState
    /// Node of the first pod, if bound.
    public var node: String?
    /// Why the job is pending, unplaceable or rejected (a kube-scheduler style reason), otherwise `nil`.
    public var reason: String?
    /// How many times one of its pods was preempted.
    public var preemptions: Int32
    /// How many times one of its pods was interrupted by a node failure or a drain.
    public var interruptions: Int32
    /// Work lost to preemptions, failures and drains (time since the last checkpoint, summed over pods), ms.
    public var lostWorkMilliseconds: Int64

    /// Creates a record (times in ms since the scenario start).
    public init(
        name: String, workload: String, pods: Int32, cpuMillicores: Int64, memoryBytes: Int64, gpuMilli: Int64,
        submitMilliseconds: Int64, startMilliseconds: Int64?, endMilliseconds: Int64?, state: JobState,
        node: String?, reason: String?, preemptions: Int32 = 0, interruptions: Int32 = 0,
        lostWorkMilliseconds: Int64 = 0
    ) {
        self.preemptions = preemptions
        self.interruptions = interruptions
        self.lostWorkMilliseconds = lostWorkMilliseconds
        self.name = name
        self.workload = workload
        self.pods = pods
        self.cpuMillicores = cpuMillicores
        self.memoryBytes = memoryBytes
        self.gpuMilli = gpuMilli
        self.submitMilliseconds = submitMilliseconds
        self.startMilliseconds = startMilliseconds
        self.endMilliseconds = endMilliseconds
        self.state = state
        self.node = node
        self.reason = reason
    }

    /// Queue time (start - submit), ms; `nil` if the job never started.
    public var queueMilliseconds: Int64? { startMilliseconds.map { $0 - submitMilliseconds } }
    /// Job completion time (end - submit), ms; `nil` unless finished.
    public var completionMilliseconds: Int64? { endMilliseconds.map { $0 - submitMilliseconds } }
}

/// A summary metric: name, value and unit (see README, "Metrics").
public struct SummaryMetric: Sendable, Equatable {
    /// Stable snake_case name, for example `queue_time_p95`.
    public var name: String
    /// Value in `unit`.
    public var value: Double
    /// Unit: `s`, `%`, `pods`, `jobs`, `GPUs`, ...
    public var unit: String

    /// Creates a metric.
    public init(name: String, value: Double, unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// Time series sampled on a fixed step: one shared time axis and named columns of equal length.
public struct TimeSeries: Sendable, Equatable {
    /// One named column.
    public struct Column: Sendable, Equatable {
        /// Series name, for example `gpu_allocation`.
        public var name: String
        /// Unit of the values.
        public var unit: String
        /// One value per sample time.
        public var values: [Double]

        /// Creates a column.
        public init(name: String, unit: String, values: [Double]) {
            self.name = name
            self.unit = unit
            self.values = values
        }
    }

    /// Sample times: ms since the start (timed runs) or the x value of the curve (packing: arrived GPU %).
    public var times: [Int64] = []
    /// Columns, in a fixed order.
    public var columns: [Column] = []

    /// Creates an empty series.
    public init() {}
}

/// Everything a run produces.
public struct SimulationResult: Sendable, Equatable {
    /// Per-job records, in job order.
    public var jobs: [JobRecord]
    /// Summary metrics, in a fixed order.
    public var summary: [SummaryMetric]
    /// Time series (timed runs: sampled every `sampleStep`; packing runs: allocation against arrived GPU %).
    public var series: TimeSeries
    /// Simulated time at the end, ms.
    public var endMilliseconds: Int64
    /// Events processed (arrivals, completions, scheduling cycles).
    public var eventsProcessed: Int

    /// Creates a result.
    public init(
        jobs: [JobRecord], summary: [SummaryMetric], series: TimeSeries, endMilliseconds: Int64, eventsProcessed: Int
    ) {
        self.jobs = jobs
        self.summary = summary
        self.series = series
        self.endMilliseconds = endMilliseconds
        self.eventsProcessed = eventsProcessed
    }

    /// The value of a summary metric by name.
    ///
    /// - Parameter name: Metric name.
    /// - Returns: Its value, or `nil` if the run did not produce it.
    public func metric(_ name: String) -> Double? { summary.first { $0.name == name }?.value }
}
