/// The discrete-event run loop: replays a `SimulationInput` and returns its `SimulationResult`.
///
/// Timed mode: events are job arrivals and pod completions, ordered by `(time, sequence)`. After all events of one
/// instant are handled, one scheduling pass pops the active queue in PrioritySort order and tries each pod once.
/// A pod that fits no node is parked; it returns to the active queue only when a pod leaves a node it would now
/// fit (the queueing hint of a pod-deleted event), never by polling. A pod that would not fit any node even if the
/// cluster were empty is reported `unplaceable` at once and never queued.
public struct Simulation {
    private enum Event: Sendable {
        case jobArrival(Int32)
        case podFinish(Int32)
    }

    private let input: SimulationInput
    private var state: ClusterState
    private var scheduler: Scheduler
    private var events = EventQueue<Event>()
    private var activeQueue = SchedulingQueue()
    private var parked: [Int32] = []

    private var compiled: [CompiledPod] = []
    private var jobFirstPod: [Int32] = []
    private var podJob: [Int32] = []
    private var podNode: [Int32] = []
    private var podDevices: [UInt64] = []
    private var jobStart: [Int64] = []
    private var jobEnd: [Int64] = []
    private var jobFinishedPods: [Int32] = []
    private var jobState: [JobState] = []
    private var jobReason: [String?] = []
    private var staticFeasibility: [Int: String?] = [:]
    private var eventsProcessed = 0
    private var pendingPods = 0
    private var runningPods = 0

    /// Prepares a run.
    ///
    /// - Parameter input: The validated scenario.
    public init(input: SimulationInput) {
        self.input = input
        let emptyState = ClusterState(spec: input.cluster)
        let models = emptyState.gpuModels
        let pods = input.jobs.map { CompiledPod($0.pod, models: models) }
        compiled = pods
        var plugin: (any GPUScorePlugin)?
        if let policy = input.scheduler.gpuPolicy {
            plugin = GPUPolicyFactory.make(policy, input: input, compiled: pods, state: emptyState)
        }
        scheduler = Scheduler(configuration: input.scheduler, state: emptyState, gpuPlugin: plugin)
        state = emptyState
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
        jobStart = Array(repeating: -1, count: input.jobs.count)
        jobEnd = jobStart
        jobFinishedPods = Array(repeating: 0, count: input.jobs.count)
        jobState = Array(repeating: .pending, count: input.jobs.count)
        jobReason = Array(repeating: nil, count: input.jobs.count)
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

    // MARK: - Static feasibility

    /// `nil` if some node could host the job's pod when empty; otherwise the reason it never can.
    private mutating func neverFitsReason(job j: Int) -> String? {
        let pod = compiled[j]
        var lastReason = "no nodes in the cluster"
        for n in 0..<state.nodeCount {
            if let f = StaticNodeFilters.filter(pod, node: n, state: state), !state.isUnschedulable[n] {
                lastReason = f.rawValue
                continue
            }
            if NodeResourcesFit.fitsEmpty(pod, node: n, state: state) { return nil }
            lastReason = "requests exceed the allocatable resources of every node"
        }
        return lastReason
    }

    // MARK: - Timed replay

    private mutating func runTimed(observer: (any SimulationObserver)?) -> SimulationResult {
        for (j, job) in input.jobs.enumerated() {
            events.schedule(.jobArrival(Int32(j)), at: job.submitTime)
        }
        let horizon = input.horizon?.milliseconds ?? .max
        let lastSubmit = input.jobs.map(\.submitTime.milliseconds).max() ?? 0
        var sampler = Sampler(step: max(1, input.sampleStepMilliseconds))
        var clock: Int64 = 0
        var integrals = Integrals()
        var peakPending = 0
        var nextProgress = 0

        while let t = events.nextTime?.milliseconds, t <= horizon {
            integrals.advance(to: t, from: clock, state: state)
            sampler.emit(upTo: t, exclusive: true, state: state, pending: pendingPods, running: runningPods)
            clock = t
            while let next = events.nextTime?.milliseconds, next == t, let event = events.popNext() {
                eventsProcessed += 1
                switch event.payload {
                case .jobArrival(let j): arrive(job: Int(j), at: t)
                case .podFinish(let p): finish(pod: Int(p), at: t)
                }
            }
            schedulingPass(at: t)
            peakPending = max(peakPending, pendingPods)
            if input.checksInvariants, let problem = state.invariantViolation() {
                preconditionFailure("cluster invariant broken at t=\(t) ms: \(problem)")
            }
            if let observer, eventsProcessed >= nextProgress {
                nextProgress = eventsProcessed + 20_000
                let denominator = input.horizon?.milliseconds ?? max(lastSubmit, 1)
                observer.progress(min(1, Double(t) / Double(denominator)))
            }
        }
        let end = input.horizon?.milliseconds ?? clock
        integrals.advance(to: end, from: clock, state: state)
        sampler.finish(at: end, state: state, pending: pendingPods, running: runningPods)
        observer?.progress(1)

        for j in 0..<input.jobs.count where jobState[j] == .pending {
            if jobStart[j] >= 0 && jobFinishedPods[j] < input.jobs[j].parallelism {
                let started = (0..<Int(input.jobs[j].parallelism)).allSatisfy { podNode[Int(jobFirstPod[j]) + $0] >= 0 }
                if started { jobState[j] = .running }
            }
            if jobState[j] == .pending && jobReason[j] == nil {
                jobReason[j] = "still waiting for a node at the end of the run"
            }
        }
        let jobs = records()
        let summary =
            input.extraSummary
            + TimedSummary.metrics(
                jobs: jobs, input: input, state: state, integrals: integrals, end: end, peakPending: peakPending)
        return SimulationResult(
            jobs: jobs, summary: summary, series: sampler.series, endMilliseconds: end,
            eventsProcessed: eventsProcessed)
    }

    private mutating func arrive(job j: Int, at t: Int64) {
        if let reason = neverFitsReason(job: j) {
            jobState[j] = .unplaceable
            jobReason[j] = reason
            return
        }
        let job = input.jobs[j]
        let first = jobFirstPod[j]
        for k in 0..<job.parallelism {
            activeQueue.push(pod: first + k, priority: job.pod.priority, timestamp: t)
            pendingPods += 1
        }
    }

    private mutating func finish(pod p: Int, at t: Int64) {
        let node = Int(podNode[p])
        let j = Int(podJob[p])
        state.unbind(compiled[j], from: node, devices: podDevices[p])
        runningPods -= 1
        jobFinishedPods[j] += 1
        if jobFinishedPods[j] == input.jobs[j].parallelism {
            jobEnd[j] = t
            jobState[j] = .succeeded
        }
        // Queueing hint for "pod deleted": only parked pods that now fit this node can benefit.
        var kept = 0
        for i in 0..<parked.count {
            let q = parked[i]
            let qj = Int(podJob[Int(q)])
            let pod = compiled[qj]
            if StaticNodeFilters.filter(pod, node: node, state: state) == nil,
                NodeResourcesFit.filter(pod, node: node, state: state) == nil
            {
                activeQueue.push(pod: q, priority: pod.priority, timestamp: input.jobs[qj].submitTime.milliseconds)
            } else {
                parked[kept] = q
                kept += 1
            }
        }
        parked.removeLast(parked.count - kept)
    }

    private mutating func schedulingPass(at t: Int64) {
        while let p = activeQueue.pop() {
            let j = Int(podJob[Int(p)])
            switch scheduler.schedule(compiled[j], state: state) {
            case .placed(let node):
                bind(pod: Int(p), job: j, node: node, at: t)
            case .unschedulable(let reason):
                jobReason[j] = reason
                parked.append(p)
            }
        }
    }

    private mutating func bind(pod p: Int, job j: Int, node: Int, at t: Int64) {
        let chosen = scheduler.selectDevices(compiled[j], node: node, state: state)
        podDevices[p] = state.bind(compiled[j], on: node, devices: chosen)
        podNode[p] = Int32(node)
        pendingPods -= 1
        runningPods += 1
        if jobStart[j] < 0 {
            jobStart[j] = t
            jobReason[j] = nil
        }
        if let duration = input.jobs[j].durationMilliseconds {
            events.schedule(.podFinish(Int32(p)), at: SimTime(milliseconds: t + duration))
        }
    }

    // MARK: - Arrival-only packing

    private mutating func runArrivalOnly(observer: (any SimulationObserver)?) -> SimulationResult {
        var curve = PackingCurve(capacityMilli: state.totalGPUMilli)
        var firstRejectionArrived: Double?
        var rejected = 0
        var unplaceable = 0
        let total = input.jobs.count
        for j in 0..<total {
            eventsProcessed += 1
            if let reason = neverFitsReason(job: j) {
                jobState[j] = .unplaceable
                jobReason[j] = reason
                unplaceable += 1
            } else {
                let first = Int(jobFirstPod[j])
                for k in 0..<Int(input.jobs[j].parallelism) {
                    switch scheduler.schedule(compiled[j], state: state) {
                    case .placed(let node):
                        bind(pod: first + k, job: j, node: node, at: 0)
                        pendingPods += 1
                    case .unschedulable(let reason):
                        jobState[j] = .rejected
                        jobReason[j] = reason
                    }
                }
                if jobState[j] == .rejected {
                    rejected += 1
                    if firstRejectionArrived == nil { firstRejectionArrived = curve.arrivedPercent(adding: compiled[j]) }
                } else {
                    jobState[j] = .running
                }
            }
            curve.record(arrived: compiled[j], state: state)
            if input.checksInvariants, let problem = state.invariantViolation() {
                preconditionFailure("cluster invariant broken after pod \(j): \(problem)")
            }
            if let observer, j % 1000 == 0 { observer.progress(Double(j) / Double(max(total, 1))) }
        }
        curve.finish(state: state)
        observer?.progress(1)
        let jobs = records()
        var summary = input.extraSummary
        summary += PackingSummary.metrics(
            jobs: jobs, state: state, curve: curve, rejected: rejected, unplaceable: unplaceable,
            firstRejectionArrived: firstRejectionArrived)
        return SimulationResult(
            jobs: jobs, summary: summary, series: curve.series, endMilliseconds: 0, eventsProcessed: eventsProcessed)
    }

    // MARK: - Records

    private func records() -> [JobRecord] {
        input.jobs.enumerated().map { j, job in
            let first = Int(jobFirstPod[j])
            let node = podNode[first] >= 0 ? input.cluster.nodes[Int(podNode[first])].name : nil
            return JobRecord(
                name: job.name, workload: job.workload, pods: job.parallelism, cpuMillicores: job.pod.cpuMillicores,
                memoryBytes: job.pod.memoryBytes, gpuMilli: job.pod.totalGPUMilli,
                submitMilliseconds: job.submitTime.milliseconds, startMilliseconds: jobStart[j] >= 0 ? jobStart[j] : nil,
                endMilliseconds: jobEnd[j] >= 0 ? jobEnd[j] : nil, state: jobState[j], node: node,
                reason: jobState[j] == .succeeded || jobState[j] == .running ? nil : jobReason[j])
        }
    }
}
