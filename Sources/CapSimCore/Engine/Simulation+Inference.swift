/// Per-run state of the inference-service controllers (`Simulation+Inference.swift`).
struct InferenceRuntime: Sendable {
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

    /// First job index of all replica slots (`Int.max` when the run has no services).
    var firstSlotJob = Int.max
    /// Number of replica-slot jobs appended to the input.
    var slotCount = 0
    var services: [Service] = []
}

extension Simulation {
    /// Traffic evaluation step, ms: latency, GPU busy time and readiness are evaluated on this grid, and a
    /// replica that becomes ready between two ticks serves from the next one. The HPA syncs on every third tick.
    static let inferenceTickMilliseconds: Int64 = 5_000

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

    /// Index of the first replica-slot job: the number of batch jobs (`Int.max` without services).
    var serviceSlotStart: Int {
        input.services.isEmpty ? .max : input.jobs.count - input.services.reduce(0) { $0 + $1.maxReplicas }
    }

    /// Sets up the controllers and schedules the first tick (timed runs with services).
    mutating func startInference() {
        guard !input.services.isEmpty else { return }
        let slots = input.services.reduce(0) { $0 + $1.maxReplicas }
        inference.slotCount = slots
        inference.firstSlotJob = serviceSlotStart
        var first = inference.firstSlotJob
        for service in input.services {
            inference.services.append(.init(firstJob: first, replicas: service.initialReplicas))
            first += service.maxReplicas
        }
        jobsOutstanding -= slots
        events.schedule(.inferenceTick, at: SimTime(milliseconds: 0))
    }

    /// One tick: scale-from-zero and HPA decisions, pod reconciliation, then latency accounting up to the next tick.
    mutating func inferenceTick(at t: Int64) {
        for s in input.services.indices { tickService(s, at: t) }
        events.schedule(.inferenceTick, at: SimTime(milliseconds: t + Self.inferenceTickMilliseconds))
    }

    private func slotPods(_ s: Int) -> Range<Int> {
        let first = inference.services[s].firstJob
        return first..<(first + input.services[s].maxReplicas)
    }

    private func isReady(pod p: Int, service s: Int, at t: Int64) -> Bool {
        podPhase[p] == .running && t >= podStart[p] + input.services[s].startupDelayMilliseconds
    }

    private mutating func tickService(_ s: Int, at t: Int64) {
        let spec = input.services[s]
        let lambda = spec.traffic.rate(at: t)
        let mu = 1000 / Double(spec.serviceTimeMilliseconds)
        let perReplica = Double(spec.concurrencyPerReplica) * mu
        var ready = slotPods(s).reduce(0) { $0 + (isReady(pod: Int(jobFirstPod[$1]), service: s, at: t) ? 1 : 0) }
        var current = inference.services[s].replicas
        if current == 0 && lambda > 0 && spec.maxReplicas > 0 {
            // Scale from zero (the activator holds requests and pokes the autoscaler).
            current = min(spec.maxReplicas, max(1, Int((lambda / perReplica / spec.targetUtilization).rounded(.up))))
            inference.services[s].coldStarts += 1
            inference.services[s].history.append((t, current))
        } else if t % HorizontalPodAutoscaling.syncPeriodMilliseconds == 0,
            let recommendation = HorizontalPodAutoscaling.desiredReplicas(
                current: current, ready: ready, utilization: lambda / (Double(ready) * perReplica),
                target: spec.targetUtilization)
        {
            current = HorizontalPodAutoscaling.stabilized(
                recommendation, current: current, history: &inference.services[s].history, at: t,
                minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas)
        }
        inference.services[s].replicas = current
        reconcile(service: s, at: t)
        ready = slotPods(s).reduce(0) { $0 + (isReady(pod: Int(jobFirstPod[$1]), service: s, at: t) ? 1 : 0) }
        account(service: s, at: t, lambda: lambda, ready: ready)
    }

    /// Creates replica pods in free slots (lowest first) or deletes surplus ones until the live count matches
    /// `spec.replicas`. Deletion order follows the ReplicaSet controller: unscheduled pods, then pods not yet
    /// ready, then the newest. A deleted running replica frees its resources at once.
    private mutating func reconcile(service s: Int, at t: Int64) {
        let wanted = inference.services[s].replicas
        var live: [Int] = []
        var free: [Int] = []
        for j in slotPods(s) {
            let p = Int(jobFirstPod[j])
            switch podPhase[p] {
            case .notCreated, .done: free.append(j)
            case .unplaceable, .rejected: break
            case .terminating: if !jobCancelled[j] { live.append(j) }
            case .active, .backoff, .unschedulable, .running, .lost: live.append(j)
            }
        }
        if live.count < wanted {
            for j in free.prefix(wanted - live.count) {
                jobCancelled[j] = false
                jobArrived[j] = true
                recreate(pod: Int(jobFirstPod[j]), at: t)
            }
        } else if live.count > wanted {
            func rank(_ j: Int) -> (Int, Int64, Int) {
                let p = Int(jobFirstPod[j])
                if podPhase[p] != .running { return (0, 0, -j) }
                if !isReady(pod: p, service: s, at: t) { return (1, -podStart[p], -j) }
                return (2, -podStart[p], -j)
            }
            for j in live.sorted(by: { rank($0) < rank($1) }).prefix(live.count - wanted) {
                delete(pod: Int(jobFirstPod[j]), job: j, at: t)
            }
        }
    }

    private mutating func delete(pod p: Int, job j: Int, at t: Int64) {
        jobCancelled[j] = true
        switch podPhase[p] {
        case .running:
            let node = Int(podNode[p])
            accrueAllocation(pod: p, until: t)
            release(pod: p)
            podPhase[p] = .done
            podNode[p] = -1
            nodeChanged(node, at: t)
        case .active, .backoff, .unschedulable:
            if podPhase[p] == .unschedulable, let i = unschedulable.firstIndex(of: Int32(p)) {
                unschedulable.remove(at: i)
            }
            if podNominated[p] >= 0 {
                state.clearNomination(pod: Int32(p), node: Int(podNominated[p]))
                podNominated[p] = -1
            }
            podPhase[p] = .done
            pendingPods -= 1
        case .lost: podPhase[p] = .done
        case .terminating, .notCreated, .done, .unplaceable, .rejected: break
        }
    }

    /// Latency, SLO and GPU accounting for `[t, t + tick)` (cut at the horizon) with the replicas ready at `t`.
    ///
    /// Below capacity, requests see the M/M/c response time. With λ ≥ cμ or a backlog, a fluid queue grows or
    /// drains at `λ − cμ` and requests wait the backlog's mean over the interval divided by cμ. At zero ready
    /// replicas requests are held; when the first replica is ready they are served in arrival order, each
    /// waiting from its arrival to then plus the drain of the requests before it.
    private mutating func account(service s: Int, at t: Int64, lambda: Double, ready: Int) {
        let spec = input.services[s]
        let end = min(t + Self.inferenceTickMilliseconds, input.horizon?.milliseconds ?? .max)
        guard end > t else { return }
        let dt = Double(end - t)
        let seconds = dt / 1000
        let serviceMs = Double(spec.serviceTimeMilliseconds)
        let servers = ready * spec.concurrencyPerReplica
        let capacity = Double(servers) * 1000 / serviceMs
        let requests = lambda * seconds
        var local: [(weight: Double, response: InferenceQueueing.Response)] = []
        // Moved out and back so its growing arrays are never copied (copy-on-write) each tick.
        var service = inference.services.remove(at: s)
        var busy = 0.0
        if servers == 0 {
            if requests > 0 { service.held.append((Double(t) + dt / 2, requests)) }
        } else {
            if !service.held.isEmpty {
                var before = 0.0
                for bucket in service.held {
                    let wait = Double(t) - bucket.time + (before + bucket.count / 2) / capacity * 1000
                    local.append((bucket.count, .init(base: serviceMs + max(0, wait))))
                    before += bucket.count
                }
                service.backlog += before
                service.held = []
            }
            if service.backlog > 0 || lambda >= capacity {
                let q0 = service.backlog
                if lambda < capacity, q0 / (capacity - lambda) < seconds {
                    let drain = q0 / (capacity - lambda)
                    local.append((lambda * drain, .init(base: serviceMs + q0 / 2 / capacity * 1000)))
                    if lambda > 0 {
                        local.append(
                            (
                                lambda * (seconds - drain),
                                .mmc(servers: servers, arrivalRate: lambda, serviceMilliseconds: serviceMs)
                            ))
                    }
                    service.backlog = 0
                    busy = (capacity * drain + lambda * (seconds - drain)) / capacity / seconds
                } else {
                    let q1 = max(0, q0 + (lambda - capacity) * seconds)
                    if requests > 0 {
                        local.append((requests, .init(base: serviceMs + (q0 + q1) / 2 / capacity * 1000)))
                    }
                    service.backlog = q1
                    busy = 1
                }
            } else {
                if requests > 0 {
                    local.append(
                        (requests, .mmc(servers: servers, arrivalRate: lambda, serviceMilliseconds: serviceMs)))
                }
                busy = lambda / capacity
            }
        }
        let p95: Double
        if servers == 0, let oldest = service.held.first {
            p95 = Double(end) - oldest.time + serviceMs
        } else {
            p95 = local.isEmpty ? .nan : InferenceQueueing.mixtureQuantile(0.95, of: local)
        }
        for part in local where part.weight > 0 {
            if let last = service.parts.last, last.response == part.response {
                service.parts[service.parts.count - 1].weight += part.weight
            } else {
                service.parts.append(part)
            }
        }
        service.requests += requests
        service.readyMilliseconds += Double(ready) * dt
        var allocated = 0.0
        let firstSlot = service.firstJob
        for j in firstSlot..<(firstSlot + spec.maxReplicas) {
            let p = Int(jobFirstPod[j])
            if podPhase[p] == .running || podPhase[p] == .terminating { allocated += Double(compiled[j].totalGPUMilli) }
        }
        service.gpuAllocated += allocated * dt
        service.gpuBusy += Double(ready) * Double(spec.pod.totalGPUMilli) * min(1, busy) * dt
        service.gpuCapacity += Double(state.totalGPUMilli) * dt
        service.accountedMilliseconds += end - t
        service.samples.append((t, Double(ready), p95, lambda))
        inference.services.insert(service, at: s)
    }

    /// Per-service summary metrics (requests still held at the end count with their wait so far).
    func inferenceMetrics(end: Int64) -> [SummaryMetric] {
        var metrics: [SummaryMetric] = []
        for (s, spec) in input.services.enumerated() {
            let service = inference.services[s]
            var parts = service.parts
            for bucket in service.held {
                parts.append(
                    (
                        bucket.count,
                        .init(base: max(0, Double(end) - bucket.time) + Double(spec.serviceTimeMilliseconds))
                    ))
            }
            let span = Double(max(1, service.accountedMilliseconds))
            let prefix = "service_\(spec.name)_"
            metrics += [
                SummaryMetric(
                    name: prefix + "latency_p50", value: InferenceQueueing.mixtureQuantile(0.5, of: parts), unit: "ms"),
                SummaryMetric(
                    name: prefix + "latency_p95", value: InferenceQueueing.mixtureQuantile(0.95, of: parts), unit: "ms"),
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
    func inferenceSeries(_ series: TimeSeries) -> TimeSeries {
        guard !input.services.isEmpty else { return series }
        var result = series
        for (s, spec) in input.services.enumerated() {
            let samples = inference.services[s].samples
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
