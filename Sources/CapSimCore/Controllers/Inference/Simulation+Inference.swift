extension Simulation {
    /// Sets up the controllers and schedules the first tick (timed runs with services).
    mutating func startInference() {
        guard !input.services.isEmpty else { return }
        let slots = input.services.reduce(0) { $0 + $1.maxReplicas }
        inference.slotCount = slots
        var first = inference.firstSlot
        for service in input.services {
            inference.services.append(.init(firstJob: first, replicas: service.initialReplicas))
            first += service.maxReplicas
        }
        jobs.outstanding -= slots
        engine.schedule(.inference(.tick), at: 0)
    }

    /// One tick: scale-from-zero and HPA decisions, pod reconciliation, then latency accounting up to the next tick.
    mutating func inferenceTick(at t: Int64) {
        for s in input.services.indices { tickService(s, at: t) }
        engine.schedule(.inference(.tick), at: t + InferenceController.tickMilliseconds)
    }

    private func slotPods(_ s: Int) -> Range<Int> {
        let first = inference.services[s].firstJob
        return first..<(first + input.services[s].maxReplicas)
    }

    private func isReady(pod p: Int, service s: Int, at t: Int64) -> Bool {
        pods.phase[p] == .running && t >= pods.start[p] + input.services[s].startupDelayMilliseconds
    }

    private mutating func tickService(_ s: Int, at t: Int64) {
        let spec = input.services[s]
        let lambda = spec.traffic.rate(at: t)
        let mu = 1000 / Double(spec.serviceTimeMilliseconds)
        let perReplica = Double(spec.concurrencyPerReplica) * mu
        var ready = slotPods(s).reduce(0) { $0 + (isReady(pod: Int(jobs.firstPod[$1]), service: s, at: t) ? 1 : 0) }
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
        ready = slotPods(s).reduce(0) { $0 + (isReady(pod: Int(jobs.firstPod[$1]), service: s, at: t) ? 1 : 0) }
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
            let p = Int(jobs.firstPod[j])
            switch pods.phase[p] {
            case .notCreated, .done: free.append(j)
            case .unplaceable, .rejected: break
            case .terminating: if !jobs.cancelled[j] { live.append(j) }
            case .active, .backoff, .unschedulable, .running, .lost: live.append(j)
            }
        }
        if live.count < wanted {
            for j in free.prefix(wanted - live.count) {
                jobs.cancelled[j] = false
                jobs.arrived[j] = true
                recreate(pod: Int(jobs.firstPod[j]), at: t)
            }
        } else if live.count > wanted {
            func rank(_ j: Int) -> (Int, Int64, Int) {
                let p = Int(jobs.firstPod[j])
                if pods.phase[p] != .running { return (0, 0, -j) }
                if !isReady(pod: p, service: s, at: t) { return (1, -pods.start[p], -j) }
                return (2, -pods.start[p], -j)
            }
            for j in live.sorted(by: { rank($0) < rank($1) }).prefix(live.count - wanted) {
                delete(pod: Int(jobs.firstPod[j]), job: j, at: t)
            }
        }
    }

    private mutating func delete(pod p: Int, job j: Int, at t: Int64) {
        jobs.cancelled[j] = true
        switch pods.phase[p] {
        case .running:
            unbind(pod: p, reason: .deleted, at: t)
            pods.phase[p] = .done
            pods.node[p] = -1
        case .active, .backoff, .unschedulable: queue.withdraw(pod: p, to: .done, pods: &pods, state: &state)
        case .lost: pods.phase[p] = .done
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
        let end = min(t + InferenceController.tickMilliseconds, input.horizon?.milliseconds ?? .max)
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
            let p = Int(jobs.firstPod[j])
            if pods.phase[p] == .running || pods.phase[p] == .terminating {
                allocated += Double(compiled[j].totalGPUMilli)
            }
        }
        service.gpuAllocated += allocated * dt
        service.gpuBusy += Double(ready) * Double(spec.pod.totalGPUMilli) * min(1, busy) * dt
        service.gpuCapacity += Double(state.totalGPUMilli) * dt
        service.accountedMilliseconds += end - t
        service.samples.append((t, Double(ready), p95, lambda))
        inference.services.insert(service, at: s)
    }
}
