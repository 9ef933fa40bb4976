/// The inference-service controllers (a Deployment/ReplicaSet per service with its HorizontalPodAutoscaler,
/// `pkg/controller/podautoscaler/horizontal.go`): replicas, traffic, latency and SLO accounting per service.
/// Its handlers are in `Simulation+Inference.swift`.
struct InferenceController: Sendable {
    /// Events of the inference services.
    enum Event: Sendable {
        /// Traffic evaluation, and HPA sync every 15 s.
        case tick
    }

    /// Traffic evaluation step, ms: latency, GPU busy time and readiness are evaluated on this grid, and a
    /// replica that becomes ready between two ticks serves from the next one. The HPA syncs on every third tick.
    static let tickMilliseconds: Int64 = 5_000

    /// Controller state of one service.
    struct Service: Sendable {
        /// Job index of the service's first replica slot; slots are `firstJob ..< firstJob + maxReplicas`.
        var firstJob: Int
        /// `spec.replicas` as set by the HPA (or a cold start).
        var replicas: Int
        /// HPA recommendations of the scale-down window.
        var history: [(time: Int64, replicas: Int)] = []
        /// Requests queued beyond capacity (fluid backlog).
        var backlog = 0.0
        /// Requests that arrived at zero ready replicas, waiting for a cold start: (arrival time ms, count).
        var held: [(time: Double, count: Double)] = []
        /// Response-time distributions of the run, weighted by requests (consecutive equal ones merged).
        var parts: [(weight: Double, response: InferenceQueueing.Response)] = []
        var coldStarts = 0
        var requests = 0.0
        /// Ready replicas x ms.
        var readyMilliseconds = 0.0
        /// Service GPU-milli allocated x ms, busy x ms, and cluster GPU-milli capacity x ms.
        var gpuAllocated = 0.0
        var gpuBusy = 0.0
        var gpuCapacity = 0.0
        var accountedMilliseconds: Int64 = 0
        /// Per-tick samples: time, ready replicas, p95 latency (ms), request rate.
        var samples: [(time: Int64, replicas: Double, p95: Double, rps: Double)] = []
    }

    /// Number of replica-slot jobs appended to the input.
    var slotCount = 0
    /// Controller state per service.
    var services: [Service] = []

    /// Index of the first replica-slot job: the number of batch jobs (`Int.max` without services).
    private(set) var firstSlot = Int.max

    /// No services.
    init() {}

    /// Controllers for the services of `input` (whose replica slots `addingServiceReplicas` appended).
    init(input: SimulationInput) {
        if !input.services.isEmpty {
            firstSlot = input.jobs.count - input.services.reduce(0) { $0 + $1.maxReplicas }
        }
    }

    /// The input with one job (a replica slot, one pod that runs until deleted) per possible replica of every
    /// service appended after the batch jobs. Slots are created and deleted by the service's controller, never by
    /// job arrival. Replica pods count toward cluster `gpu_utilization` at the service's target utilization.
    static func addingServiceReplicas(_ input: SimulationInput) -> SimulationInput {
        guard !input.services.isEmpty else { return input }
        var result = input
        for service in input.services {
            var pod = service.pod
            pod.gpuBusyFraction = service.targetUtilization
            for k in 0..<service.maxReplicas {
                result.jobs.append(
                    JobSpec(
                        name: "\(service.name)-replica-\(k)", workload: service.name,
                        submitTime: SimTime(milliseconds: 0),
                        durationMilliseconds: nil, pod: pod))
            }
        }
        return result
    }

    /// Per-service summary metrics (requests still held at the end count with their wait so far).
    func metrics(_ input: SimulationInput, end: Int64) -> [SummaryMetric] {
        var metrics: [SummaryMetric] = []
        for (s, spec) in input.services.enumerated() {
            let service = services[s]
            var parts = service.parts
            for bucket in service.held {
                parts.append(
                    (
                        bucket.count,
                        .init(base: max(0, Double(end) - bucket.time) + Double(spec.serviceTimeMilliseconds))
                    ))
            }
            let span = Double(max(1, service.accountedMilliseconds))
            // A latency longer than the run itself means the backlog grows without bound (traffic above what the
            // replicas can ever serve): report it as unbounded (+infinity; "unbounded" in tables, null in JSON).
            func bounded(_ latency: Double) -> Double {
                latency.isFinite && latency > Double(end) + Double(spec.serviceTimeMilliseconds) ? .infinity : latency
            }
            let prefix = "service_\(spec.name)_"
            metrics += [
                SummaryMetric(
                    name: prefix + "latency_p50", value: bounded(InferenceQueueing.mixtureQuantile(0.5, of: parts)),
                    unit: "ms"),
                SummaryMetric(
                    name: prefix + "latency_p95", value: bounded(InferenceQueueing.mixtureQuantile(0.95, of: parts)),
                    unit: "ms"),
                SummaryMetric(
                    name: prefix + "slo_attainment",
                    value: InferenceQueueing.mixtureCDF(Double(spec.sloLatencyMilliseconds), of: parts) * 100,
                    unit: "%"),
                SummaryMetric(name: prefix + "requests", value: service.requests, unit: "requests"),
                SummaryMetric(name: prefix + "replicas_mean", value: service.readyMilliseconds / span, unit: "pods"),
                SummaryMetric(
                    name: prefix + "gpu_allocation_mean",
                    value: service.gpuCapacity > 0 ? service.gpuAllocated * 100 / service.gpuCapacity : 0, unit: "%"),
                SummaryMetric(
                    name: prefix + "gpu_utilization_mean",
                    value: service.gpuCapacity > 0 ? service.gpuBusy * 100 / service.gpuCapacity : 0, unit: "%"),
                SummaryMetric(name: prefix + "cold_starts", value: Double(service.coldStarts), unit: "events"),
            ]
        }
        return metrics
    }

    /// The sampled series with `service_<name>_replicas`, `_latency_p95_ms` and `_rps` columns (each sample
    /// shows the latest tick at or before its time).
    func series(_ input: SimulationInput, sampled series: TimeSeries) -> TimeSeries {
        guard !input.services.isEmpty else { return series }
        var result = series
        for (s, spec) in input.services.enumerated() {
            let samples = services[s].samples
            var replicas: [Double] = []
            var latency: [Double] = []
            var rps: [Double] = []
            var i = -1
            for time in series.times {
                while i + 1 < samples.count && samples[i + 1].time <= time { i += 1 }
                replicas.append(i >= 0 ? samples[i].replicas : 0)
                latency.append(i >= 0 ? samples[i].p95 : .nan)
                rps.append(i >= 0 ? samples[i].rps : 0)
            }
            let prefix = "service_\(spec.name)_"
            result.columns += [
                .init(name: prefix + "replicas", unit: "pods", values: replicas),
                .init(name: prefix + "latency_p95_ms", unit: "ms", values: latency),
                .init(name: prefix + "rps", unit: "requests/s", values: rps),
            ]
        }
        return result
    }
}
