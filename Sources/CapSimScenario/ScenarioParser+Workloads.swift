import CapSimCore
import Foundation

extension ScenarioParser {
    /// Keys of a generated workload, in documentation order (`trace` marks a trace workload instead).
    static let workloadKeys = [
        "name", "priority", "priorityClassName", "preemptionPolicy", "parallelism", "requests", "gpuModels",
        "nodeSelector",
        "nodeAffinity", "tolerations", "terminationGracePeriod", "podDisruptionBudget", "duration",
        "checkpointInterval", "gang", "gpuBusyFraction", "safeToEvict", "pipeline", "queue", "failsAfter",
        "restartPolicy", "backoffLimit", "notebook", "launcher", "arrivals", "cron", "trace",
        "inference",
    ]

    /// Keys of `requests:`.
    static let requestKeys = ["cpu", "memory", "nvidia.com/gpu", "alibabacloud.com/gpu-milli"]

    /// Reads `workloads:` and builds every job.
    ///
    /// Jobs are named `<workload>-<index>` (index from 0, in generation order). Jobs of all workloads are
    /// concatenated in workload order, then stably sorted by submit time, so ties keep workload order and then
    /// index order. Random draws come from per-workload streams of the scenario seed (`arrivals/<name>` and
    /// `durations/<name>`), so adding or changing one workload never shifts another's draws.
    ///
    /// - Returns: The jobs, and the statistics reported by trace importers (for `SimulationInput.extraSummary`).
    func parseWorkloads(
        _ node: SchemaNode, mode: SimulationInput.Mode, seed: UInt64, priorityClasses: [String: PriorityClass] = [:],
        clusterQueues: [String] = [], localQueues: [String: String] = [:], clusterGPUMilli: Int64,
        clock: ScenarioClock = ScenarioClock()
    ) throws(ScenarioError) -> (jobs: [JobSpec], extraSummary: [SummaryMetric], budgets: [PodDisruptionBudget]) {
        let workloadNodes = try node.sequence()
        guard !workloadNodes.isEmpty else { throw node.error("needs at least one workload") }
        var jobs: [JobSpec] = []
        var extraSummary: [SummaryMetric] = []
        var budgets: [PodDisruptionBudget] = []
        var seen: [String: SchemaNode] = [:]
        for workloadNode in workloadNodes {
            let workload = try workloadNode.mapping(allowedKeys: Self.workloadKeys)
            let nameNode = try workload.required("name", "unique among workloads")
            let name = try nameNode.string()
            if let first = seen[name] {
                throw nameNode.error(Self.duplicateMessage("workload", name, first: first))
            }
            seen[name] = nameNode
            // Inference services are read by `parseInferenceServices` (ScenarioParser+Inference.swift).
            if workload.optional("inference") != nil { continue }
            if let traceNode = workload.optional("trace") {
                if let extra = workload.entries.first(where: { $0.key != "name" && $0.key != "trace" }) {
                    throw extra.value.error(
                        "a trace workload has only `name` and `trace`; its pods' requests, times and durations "
                            + "come from the trace file")
                }
                let (traceJobs, stats) = try parseTraceWorkload(
                    traceNode, name: name, mode: mode, seed: seed, clusterGPUMilli: clusterGPUMilli)
                jobs += traceJobs
                extraSummary += stats
            } else {
                let offset = Int32(jobs.count)
                jobs += try parseGeneratedWorkload(
                    workload, name: name, mode: mode, seed: seed, priorityClasses: priorityClasses,
                    clock: clock, cronID: Int32(seen.count), clusterQueues: clusterQueues, localQueues: localQueues,
                    stats: &extraSummary
                ).map { job in
                    var job = job
                    job.dependsOn = job.dependsOn.map { $0 + offset }
                    return job
                }
                if let budgetNode = workload.optional("podDisruptionBudget") {
                    budgets.append(try parseBudget(budgetNode, workload: name))
                }
            }
        }
        let order = jobs.indices.sorted { (jobs[$0].submitTime, $0) < (jobs[$1].submitTime, $1) }
        // Pipeline dependencies point at positions in the sorted list (a step's dependencies share its submit time
        // and come before it, so they stay before it).
        var position = [Int32](repeating: 0, count: jobs.count)
        for (new, old) in order.enumerated() { position[old] = Int32(new) }
        let sorted = order.map { index -> JobSpec in
            var job = jobs[index]
            job.dependsOn = job.dependsOn.map { position[Int($0)] }
            return job
        }
        return (sorted, extraSummary, budgets)
    }

    // MARK: - Generated workloads

    private func parseGeneratedWorkload(
        _ workload: SchemaMapping, name: String, mode: SimulationInput.Mode, seed: UInt64,
        priorityClasses: [String: PriorityClass], clock: ScenarioClock, cronID: Int32, clusterQueues: [String],
        localQueues: [String: String], stats: inout [SummaryMetric]
    ) throws(ScenarioError) -> [JobSpec] {
        // Failing pods (Job restartPolicy and backoffLimit).
        let failsAfter = try workload.optional("failsAfter")?.durationMilliseconds()
        var restartPolicy = RestartPolicy.never
        if let policyNode = workload.optional("restartPolicy") {
            restartPolicy =
                RestartPolicy(rawValue: try policyNode.oneOf(RestartPolicy.allCases.map(\.rawValue))) ?? .never
        }
        let backoffLimit = Int32(try workload.optional("backoffLimit")?.integer(in: 0...1_000_000) ?? 6)
        var queueIndex: Int32?
        if let queueNode = workload.optional("queue") {
            let written = try queueNode.string()
            // A LocalQueue name resolves to its ClusterQueue; a ClusterQueue name is accepted directly.
            let queue = localQueues[written] ?? written
            guard let index = clusterQueues.firstIndex(of: queue) else {
                throw queueNode.error(
                    "names no ClusterQueue"
                        + (clusterQueues.isEmpty
                            ? " (define `clusterQueues:`)"
                            : "; defined: \(NSOrderedSet(array: clusterQueues).array.compactMap { $0 as? String }.joined(separator: ", "))")
                )
            }
            queueIndex = Int32(index)
        }
        let priority = Int32(try workload.optional("priority")?.integer(in: Int64(Int32.min)...Int64(Int32.max)) ?? 0)
        let parallelism = Int32(try workload.optional("parallelism")?.integer(in: 1...10_000) ?? 1)
        let pipelineNode = workload.optional("pipeline")
        if let pipelineNode {
            for key in ["requests", "duration", "parallelism", "gang", "checkpointInterval"] {
                if let node = workload.optional(key) {
                    throw node.error("is set per step in a pipeline workload (under `pipeline.steps`)")
                }
            }
            guard mode == .timed else { throw pipelineNode.error("only applies in `mode: timed`") }
        }
        var pod =
            pipelineNode == nil
            ? try parseRequests(workload.required("requests", "cpu, memory and GPUs of each pod")) : PodTemplate()
        pod.priority = priority
        if let modelsNode = workload.optional("gpuModels") {
            for modelNode in try modelsNode.sequence() {
                let model = try modelNode.string()
                if !pod.gpuModels.contains(model) { pod.gpuModels.append(model) }
            }
        }
        pod.nodeSelector = try workload.optional("nodeSelector")?.stringMap() ?? [:]
        if let affinityNode = workload.optional("nodeAffinity") {
            pod.nodeAffinity = try parseNodeAffinity(affinityNode)
        }
        if let classNode = workload.optional("priorityClassName") {
            let className = try classNode.string()
            guard let priorityClass = priorityClasses[className] else {
                let known = priorityClasses.keys.sorted()
                throw classNode.error(
                    "names no class in `priorityClasses`"
                        + (known.isEmpty ? " (none are defined)" : "; defined: \(known.joined(separator: ", "))"))
            }
            if let conflicting = workload.optional("priority") ?? workload.optional("preemptionPolicy") {
                throw conflicting.error("cannot be combined with `priorityClassName`, which sets it")
            }
            pod.priority = priorityClass.value
            pod.preemptionPolicy = priorityClass.preemptionPolicy
        }
        if let policyNode = workload.optional("preemptionPolicy") {
            let allowed = PreemptionPolicy.allCases.map(\.rawValue)
            pod.preemptionPolicy = PreemptionPolicy(rawValue: try policyNode.oneOf(allowed)) ?? .preemptLowerPriority
        }
        if let graceNode = workload.optional("terminationGracePeriod") {
            pod.terminationGracePeriodMilliseconds = try graceNode.durationMilliseconds()
        }
        if let tolerationsNode = workload.optional("tolerations") {
            for tolerationNode in try tolerationsNode.sequence() {
                pod.tolerations.append(try parseToleration(tolerationNode))
            }
        }
        var duration: TimeDistribution?
        switch mode {
        case .timed where pipelineNode != nil: break
        case .timed:
            duration = try parseTimeDistribution(
                workload.required("duration", "run time of each pod, e.g. 2h"), allowsEmpirical: true)
        case .arrivalOnly:
            if let durationNode = workload.optional("duration") {
                throw durationNode.error(
                    "has no effect in arrival-only mode, where pods never finish; remove it or set `mode: timed`")
            }
        }
        let checkpoint = try workload.optional("checkpointInterval")?.durationMilliseconds(minimum: 1)
        // `gang: true` (all pods together) or `gang: {minAvailable: N}` (Volcano / coscheduling PodGroup).
        var gangMinAvailable: Int32?
        if let gangNode = workload.optional("gang") {
            if case .scalar = gangNode.node {
                if try gangNode.boolean() { gangMinAvailable = parallelism }
            } else {
                let gang = try gangNode.mapping(allowedKeys: ["minAvailable"])
                gangMinAvailable = Int32(
                    try gang.required("minAvailable", "pods placed together, 1...parallelism").integer(
                        in: 1...Int64(parallelism)))
            }
        }
        if let evictNode = workload.optional("safeToEvict") { pod.isSafeToEvict = try evictNode.boolean() }
        if let busyNode = workload.optional("gpuBusyFraction") {
            let busy = try busyNode.number(minimum: 0)
            guard busy <= 1 else { throw busyNode.error("must be between 0 and 1, found \(busy)") }
            pod.gpuBusyFraction = busy
        }
        var times: [Int64]
        var cron: (id: Int32, policy: ConcurrencyPolicy)?
        if let cronNode = workload.optional("cron") {
            if let arrivals = workload.optional("arrivals") {
                throw arrivals.error("give either `arrivals` or `cron`, not both")
            }
            let parsed = try parseCron(cronNode, clock: clock)
            times = parsed.times
            cron = (cronID, parsed.policy)
        } else {
            let arrivalsNode = try workload.required(
                "arrivals", "`at: [...]` times or `poisson: {...}` arrivals, or a `cron:` schedule")
            let arrivals = try parseArrivals(arrivalsNode)
            var arrivalRandom = SeededRandom(seed: seed, stream: "arrivals/\(name)")
            guard let generated = arrivals.submitTimes(using: &arrivalRandom) else {
                throw arrivalsNode.error(
                    "would generate more than \(ArrivalProcess.maxJobs) jobs before `until`; add `count` or lower the rate"
                )
            }
            times = generated
        }
        if let pipelineNode {
            return try pipelineJobs(pipelineNode, workload: name, base: pod, times: times, seed: seed).map {
                var job = $0
                job.clusterQueue = queueIndex
                return job
            }
        }
        // Notebooks: a session of `duration` in which the user is active for `activeTime`; with `cullAfter`, an
        // idle culler (e.g. Kubeflow's notebook controller) stops the session that long after the user went idle.
        var notebook: (active: TimeDistribution, cullAfter: Int64?)?
        if let notebookNode = workload.optional("notebook") {
            let mapping = try notebookNode.mapping(allowedKeys: ["activeTime", "cullAfter"])
            notebook = (
                try parseTimeDistribution(
                    mapping.required("activeTime", "how long the user works before leaving it idle"),
                    allowsEmpirical: true),
                try mapping.optional("cullAfter")?.durationMilliseconds(minimum: 1)
            )
        }
        var activeRandom = SeededRandom(seed: seed, stream: "notebooks/\(name)")
        var culled = 0
        var durationRandom = SeededRandom(seed: seed, stream: "durations/\(name)")
        var jobs: [JobSpec] = []
        jobs.reserveCapacity(times.count)
        for (index, time) in times.enumerated() {
            jobs.append(
                JobSpec(
                    name: "\(name)-\(index)", workload: name, submitTime: SimTime(milliseconds: time),
                    parallelism: parallelism, durationMilliseconds: duration?.sample(using: &durationRandom),
                    pod: pod, checkpointIntervalMilliseconds: checkpoint, gangMinAvailable: gangMinAvailable))
            if let notebook, let session = jobs[jobs.count - 1].durationMilliseconds {
                let active = notebook.active.sample(using: &activeRandom)
                if let cull = notebook.cullAfter, active + cull < session {
                    jobs[jobs.count - 1].durationMilliseconds = active + cull
                    culled += 1
                }
            }
            if let cron {
                jobs[jobs.count - 1].cronJob = cron.id
                jobs[jobs.count - 1].concurrencyPolicy = cron.policy
            }
            jobs[jobs.count - 1].clusterQueue = queueIndex
            jobs[jobs.count - 1].failsAfterMilliseconds = failsAfter
            jobs[jobs.count - 1].restartPolicy = restartPolicy
            jobs[jobs.count - 1].backoffLimit = backoffLimit
        }
        // An MPIJob-style launcher: one extra pod per job with its own (usually CPU-only) requests, submitted with
        // the workers and running as long; it is a job of its own (`<job>-launcher`), not part of the workers' gang.
        if let launcherNode = workload.optional("launcher") {
            let launcher = try launcherNode.mapping(allowedKeys: ["requests"])
            let requests = try parseRequests(launcher.required("requests", "the launcher pod's requests"))
            var launcherPod = pod
            launcherPod.cpuMillicores = requests.cpuMillicores
            launcherPod.memoryBytes = requests.memoryBytes
            launcherPod.gpuCount = requests.gpuCount
            launcherPod.gpuMilliPerGPU = requests.gpuMilliPerGPU
            jobs = jobs.flatMap { worker -> [JobSpec] in
                var companion = worker
                companion.name = worker.name + "-launcher"
                companion.parallelism = 1
                companion.gangMinAvailable = nil
                companion.pod = launcherPod
                return [worker, companion]
            }
        }
        if notebook?.cullAfter != nil {
            stats.append(
                SummaryMetric(name: "notebook_sessions_culled_\(name)", value: Double(culled), unit: "sessions"))
        }
        return jobs
    }

    /// Reads `cron:` — `schedule` (5 fields or a macro), `timeZone` (IANA, default UTC), `concurrencyPolicy`
    /// (Allow, Forbid, Replace) and `until` (default: the scenario `duration`) — into run times since the start.
    private func parseCron(_ node: SchemaNode, clock: ScenarioClock) throws(ScenarioError)
        -> (times: [Int64], policy: ConcurrencyPolicy)
    {
        let cron = try node.mapping(allowedKeys: ["schedule", "timeZone", "concurrencyPolicy", "until"])
        let scheduleNode = try cron.required("schedule", "5 fields such as \"0 2 * * *\" or a macro such as @daily")
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(parsing: try scheduleNode.string())
        } catch let error as CronError {
            throw scheduleNode.error(error.message)
        } catch {
            throw scheduleNode.error("\(error)")
        }
        var zone = TimeZone(identifier: "UTC") ?? .current
        if let zoneNode = cron.optional("timeZone") {
            let identifier = try zoneNode.string()
            guard let found = TimeZone(identifier: identifier) else {
                throw zoneNode.error(
                    "\"\(identifier)\" is not an IANA time zone, e.g. Europe/Berlin or America/New_York")
            }
            zone = found
        }
        var policy = ConcurrencyPolicy.allow
        if let policyNode = cron.optional("concurrencyPolicy") {
            policy =
                ConcurrencyPolicy(rawValue: try policyNode.oneOf(ConcurrencyPolicy.allCases.map(\.rawValue))) ?? .allow
        }
        let untilNode = cron.optional("until")
        guard let until = try untilNode?.durationMilliseconds(minimum: 1) ?? clock.horizon else {
            throw node.error("needs `until` or a top-level `duration:`, so the schedule has an end")
        }
        guard until <= Self.longestCronSpanMilliseconds else {
            throw (untilNode ?? node).error(
                "a cron schedule is expanded over at most 146097d (400 years, one Gregorian calendar cycle); give "
                    + "the cron an `until` of at most 146097d")
        }
        guard let times = schedule.times(from: clock.start, until: until, in: zone, maxCount: ArrivalProcess.maxJobs)
        else {
            throw scheduleNode.error("would start more than \(ArrivalProcess.maxJobs) runs; shorten `until`")
        }
        return (times, policy)
    }

    /// The longest span a cron schedule is expanded over: 400 years (146,097 days, after which the Gregorian
    /// calendar and so every schedule repeats), in ms. Longer spans would take hours to expand day by day.
    static let longestCronSpanMilliseconds: Int64 = 146_097 * 86_400_000

    /// Builds the jobs of a pipeline workload: one run per arrival, one job per step, named
    /// `<workload>-<run>-<step>`. A step is submitted when every step it `dependsOn` (earlier steps only, so the DAG
    /// has no cycle) has succeeded. Step durations draw from `durations/<workload>/<step>`. Steps inherit the
    /// workload's priority, selectors, tolerations and other pod settings, and set `requests`, `duration`,
    /// `parallelism`, `gang` and `checkpointInterval` themselves.
    private func pipelineJobs(
        _ node: SchemaNode, workload name: String, base: PodTemplate, times: [Int64], seed: UInt64
    ) throws(ScenarioError) -> [JobSpec] {
        let pipeline = try node.mapping(allowedKeys: ["steps"])
        let stepsNode = try pipeline.required("steps", "a list of {name, requests, duration, dependsOn}")
        struct Step {
            var name: String
            var pod: PodTemplate
            var parallelism: Int32
            var duration: TimeDistribution
            var dependsOn: [Int]
            var gang: Int32?
            var checkpoint: Int64?
        }
        var steps: [Step] = []
        for stepNode in try stepsNode.sequence() {
            let step = try stepNode.mapping(allowedKeys: [
                "name", "requests", "duration", "parallelism", "dependsOn", "gang", "checkpointInterval",
            ])
            let stepName = try step.required("name", "unique among the pipeline's steps").string()
            if steps.contains(where: { $0.name == stepName }) {
                throw stepNode.error("duplicate step name \"\(stepName)\"")
            }
            let requests = try parseRequests(step.required("requests", "cpu, memory and GPUs of each pod"))
            var pod = base
            pod.cpuMillicores = requests.cpuMillicores
            pod.memoryBytes = requests.memoryBytes
            pod.gpuCount = requests.gpuCount
            pod.gpuMilliPerGPU = requests.gpuMilliPerGPU
            let parallelism = Int32(try step.optional("parallelism")?.integer(in: 1...10_000) ?? 1)
            var dependsOn: [Int] = []
            if let dependsNode = step.optional("dependsOn") {
                for item in try dependsNode.sequence() {
                    let dependency = try item.string()
                    guard let index = steps.firstIndex(where: { $0.name == dependency }) else {
                        throw item.error(
                            "must name an earlier step (steps so far: "
                                + "\(steps.map(\.name).joined(separator: ", ")); list steps in dependency order")
                    }
                    dependsOn.append(index)
                }
            }
            var gang: Int32?
            if let gangNode = step.optional("gang"), try gangNode.boolean() { gang = parallelism }
            steps.append(
                Step(
                    name: stepName, pod: pod, parallelism: parallelism,
                    duration: try parseTimeDistribution(
                        step.required("duration", "run time of each pod, e.g. 20m"), allowsEmpirical: true),
                    dependsOn: dependsOn, gang: gang,
                    checkpoint: try step.optional("checkpointInterval")?.durationMilliseconds(minimum: 1)))
        }
        guard !steps.isEmpty else { throw stepsNode.error("needs at least one step") }
        var randoms = steps.map { SeededRandom(seed: seed, stream: "durations/\(name)/\($0.name)") }
        var jobs: [JobSpec] = []
        for (run, time) in times.enumerated() {
            let base = jobs.count
            for (s, step) in steps.enumerated() {
                var job = JobSpec(
                    name: "\(name)-\(run)-\(step.name)", workload: name, submitTime: SimTime(milliseconds: time),
                    parallelism: step.parallelism, durationMilliseconds: step.duration.sample(using: &randoms[s]),
                    pod: step.pod, checkpointIntervalMilliseconds: step.checkpoint, gangMinAvailable: step.gang)
                // Indices are local to this workload's list for now; parseWorkloads rebases them.
                job.dependsOn = step.dependsOn.map { Int32(base + $0) }
                job.pipelineRun = "\(name)-\(run)"
                jobs.append(job)
            }
        }
        return jobs
    }

    /// Reads `requests:` into a pod template (requests only).
    func parseRequests(_ node: SchemaNode) throws(ScenarioError) -> PodTemplate {
        let requests = try node.mapping(allowedKeys: Self.requestKeys)
        let cpu = try requests.optional("cpu")?.quantity(Quantity.cpuMillicores) ?? 0
        let memory = try requests.optional("memory")?.quantity(Quantity.memoryBytes) ?? 0
        var gpuCount: Int32 = 0
        var gpuMilli: Int32 = 1000
        let wholeNode = requests.optional("nvidia.com/gpu")
        if let wholeNode {
            let count = try wholeNode.quantity(Quantity.wholeCount) { error in
                guard case .notWholeNumber = error else { return "" }
                return "; GPUs must be whole. To share one GPU, request `alibabacloud.com/gpu-milli` instead "
                    + "(1000 = one GPU, 500 = half a GPU)"
            }
            guard count <= Int64(Int32.max) else { throw wholeNode.error("is too large (at most \(Int32.max))") }
            gpuCount = Int32(count)
        }
        if let milliNode = requests.optional("alibabacloud.com/gpu-milli") {
            if wholeNode != nil {
                throw milliNode.error(
                    "cannot be combined with `nvidia.com/gpu`: use `nvidia.com/gpu` for whole GPUs or "
                        + "`alibabacloud.com/gpu-milli` for a share of one GPU, not both")
            }
            let milli = try milliNode.integer(in: Int64.min...Int64.max)
            guard (1...1000).contains(milli) else {
                throw milliNode.error(
                    "must be between 1 and 1000, found \(milli): it is a share of ONE GPU in GPU-milli "
                        + "(1000 = a whole GPU); for more than one GPU use `nvidia.com/gpu` with a whole number")
            }
            gpuCount = 1
            gpuMilli = Int32(milli)
        }
        return PodTemplate(cpuMillicores: cpu, memoryBytes: memory, gpuCount: gpuCount, gpuMilliPerGPU: gpuMilli)
    }

    /// Reads `nodeAffinity:` with `required` (a list of terms, ORed) and `preferred` (a list of weighted terms);
    /// a term is `{matchExpressions: [{key, operator, values}]}` as in `v1.NodeSelectorTerm`.
    private func parseNodeAffinity(_ node: SchemaNode) throws(ScenarioError) -> NodeAffinity {
        let affinity = try node.mapping(allowedKeys: ["required", "preferred"])
        var result = NodeAffinity()
        if let requiredNode = affinity.optional("required") {
            for termNode in try requiredNode.sequence() {
                let term = try termNode.mapping(allowedKeys: ["matchExpressions"])
                result.required.append(try parseTerm(term.required("matchExpressions", "a list of requirements")))
            }
        }
        if let preferredNode = affinity.optional("preferred") {
            for preferenceNode in try preferredNode.sequence() {
                let preference = try preferenceNode.mapping(allowedKeys: ["weight", "matchExpressions"])
                let weight = try preference.required("weight", "1...100").integer(in: 1...100)
                let term = try parseTerm(preference.required("matchExpressions", "a list of requirements"))
                result.preferred.append(NodeAffinity.Preference(weight: weight, term: term))
            }
        }
        return result
    }

    /// Reads a `matchExpressions` list, checking the value count each operator needs.
    private func parseTerm(_ node: SchemaNode) throws(ScenarioError) -> NodeSelectorTerm {
        var expressions: [NodeSelectorRequirement] = []
        let items = try node.sequence()
        guard !items.isEmpty else { throw node.error("needs at least one requirement (an empty term matches no node)") }
        for item in items {
            let expression = try item.mapping(allowedKeys: ["key", "operator", "values"])
            let key = try expression.required("key", "a node label key").string()
            let allowed = NodeSelectorRequirement.Operator.allCases.map(\.rawValue)
            let opNode = try expression.required("operator", allowed.joined(separator: ", "))
            let op = NodeSelectorRequirement.Operator(rawValue: try opNode.oneOf(allowed)) ?? .in
            var values: [String] = []
            if let valuesNode = expression.optional("values") {
                for valueNode in try valuesNode.sequence() { values.append(try valueNode.string(allowEmpty: true)) }
            }
            switch op {
            case .in, .notIn:
                if values.isEmpty { throw item.error("operator \(op.rawValue) needs at least one value in `values`") }
            case .exists, .doesNotExist:
                if !values.isEmpty { throw item.error("operator \(op.rawValue) takes no `values`") }
            case .gt, .lt:
                if values.count != 1 || Int64(values[0]) == nil {
                    throw item.error("operator \(op.rawValue) needs exactly one integer in `values`")
                }
            }
            expressions.append(NodeSelectorRequirement(key: key, operator: op, values: values))
        }
        return NodeSelectorTerm(matchExpressions: expressions)
    }

    /// Reads a workload's `podDisruptionBudget:` (exactly one of `minAvailable`, `maxUnavailable`, in pods).
    private func parseBudget(_ node: SchemaNode, workload: String) throws(ScenarioError) -> PodDisruptionBudget {
        let budget = try node.mapping(allowedKeys: ["minAvailable", "maxUnavailable"])
        let minAvailable = try budget.optional("minAvailable")?.integer(in: 0...1_000_000)
        let maxUnavailable = try budget.optional("maxUnavailable")?.integer(in: 0...1_000_000)
        guard (minAvailable == nil) != (maxUnavailable == nil) else {
            throw node.error("needs exactly one of `minAvailable` and `maxUnavailable` (a number of pods)")
        }
        return PodDisruptionBudget(
            name: "\(workload)-pdb", workload: workload, minAvailable: minAvailable.map(Int.init),
            maxUnavailable: maxUnavailable.map(Int.init))
    }

    /// Reads one toleration, with the API server's rules: an empty key needs `Exists`, and `Exists` takes no value.
    func parseToleration(_ node: SchemaNode) throws(ScenarioError) -> Toleration {
        let toleration = try node.mapping(allowedKeys: ["key", "operator", "value", "effect"])
        let key = try toleration.optional("key")?.string(allowEmpty: true) ?? ""
        var op = Toleration.Operator.equal
        if let opNode = toleration.optional("operator") {
            op = Toleration.Operator(rawValue: try opNode.oneOf(["Exists", "Equal"])) ?? .equal
        }
        let valueNode = toleration.optional("value")
        let value = try valueNode?.string(allowEmpty: true) ?? ""
        if op == .exists, let valueNode, !value.isEmpty {
            throw valueNode.error("must be empty when `operator` is Exists")
        }
        if key.isEmpty, op != .exists {
            throw node.error("a toleration without `key` must use `operator: Exists` (it then tolerates every taint)")
        }
        let effect = try toleration.optional("effect").map { node throws(ScenarioError) in try parseEffect(node) }
        return Toleration(key: key, operator: op, value: value, effect: effect)
    }

    // MARK: - Durations and arrivals

    /// Reads a workload's `arrivals:`: explicit `at` times, or `poisson` with `count` and/or `until`.
    private func parseArrivals(_ node: SchemaNode) throws(ScenarioError) -> ArrivalProcess {
        let arrivals = try node.mapping(allowedKeys: ["at", "poisson", "count", "start", "until"])
        let atNode = arrivals.optional("at")
        let poissonNode = arrivals.optional("poisson")
        if let atNode {
            if let poissonNode { throw poissonNode.error("give either `at` or `poisson`, not both") }
            if let extra = arrivals.entries.first(where: { $0.key != "at" }) {
                throw extra.value.error("only applies to `poisson` arrivals; with `at`, each listed time is one job")
            }
            let items = try atNode.sequence()
            guard items.count <= ArrivalProcess.maxJobs else {
                throw atNode.error("lists more than \(ArrivalProcess.maxJobs) times")
            }
            var times: [Int64] = []
            times.reserveCapacity(items.count)
            for item in items { times.append(try item.durationMilliseconds()) }
            return .explicit(milliseconds: times)
        }
        guard let poissonNode else {
            throw node.error(
                "give exactly one of `at` (a list of submit times) or `poisson` ({ratePerHour: 6} or "
                    + "{meanInterval: 10m})")
        }
        let poisson = try poissonNode.mapping(allowedKeys: ["ratePerHour", "meanInterval"])
        let meanMilliseconds: Double
        switch (poisson.optional("ratePerHour"), poisson.optional("meanInterval")) {
        case (let rate?, nil):
            meanMilliseconds = 3_600_000 / (try rate.number(minimum: 0, isMinimumExcluded: true))
        case (nil, let interval?):
            meanMilliseconds = Double(try interval.durationMilliseconds(minimum: 1))
        case (_?, let interval?):
            throw interval.error("give either `ratePerHour` or `meanInterval`, not both")
        case (nil, nil):
            throw poissonNode.error("give `ratePerHour` (jobs per hour) or `meanInterval` (mean time between jobs)")
        }
        let count = try arrivals.optional("count")?.integer(in: 0...Int64(ArrivalProcess.maxJobs))
        let start = try arrivals.optional("start")?.durationMilliseconds() ?? 0
        var until: Int64?
        if let untilNode = arrivals.optional("until") {
            let value = try untilNode.durationMilliseconds()
            guard value >= start else { throw untilNode.error("must not be earlier than `start`") }
            until = value
        }
        if count == nil, until == nil {
            _ = try arrivals.required("count", "number of jobs; or give `until` to stop arrivals at a time")
        }
        return .poisson(
            meanIntervalMilliseconds: meanMilliseconds, count: count.map { Int($0) }, startMilliseconds: start,
            untilMilliseconds: until)
    }

    // MARK: - Trace workloads

    /// Reads a workload's `trace:` and builds its jobs with the openb importer.
    private func parseTraceWorkload(
        _ node: SchemaNode, name: String, mode: SimulationInput.Mode, seed: UInt64, clusterGPUMilli: Int64
    ) throws(ScenarioError) -> (jobs: [JobSpec], stats: [SummaryMetric]) {
        let trace = try node.mapping(allowedKeys: ["format", "pods", "tune", "shuffle"])
        _ = try trace.required("format", "the trace format; only openb for now").oneOf(["openb"])
        let podsNode = try trace.required("pods", "path of openb_pod_list_*.csv")
        var tune: Double?
        if let tuneNode = trace.optional("tune") {
            guard mode == .arrivalOnly else {
                throw tuneNode.error(
                    "only applies in `mode: arrival-only` (it adds pods until the GPU request reaches tune x "
                        + "cluster capacity); remove it or set `mode: arrival-only`")
            }
            let value = try tuneNode.number(minimum: 0, isMinimumExcluded: true)
            // Each tuned pod is held in memory; 1300 for 1.3 would ask for a thousand clusters' worth of pods.
            guard value <= Self.maximumTune else {
                throw tuneNode.error(
                    "\(value) is too large: at most \(Int(Self.maximumTune)) (\(Int(Self.maximumTune * 100)) % of the "
                        + "cluster's GPU capacity); the ATC'23 experiments use 1.3")
            }
            tune = value
        }
        if let shuffleNode = trace.optional("shuffle"), mode != .arrivalOnly {
            throw shuffleNode.error(
                "only applies in `mode: arrival-only`; timed replays keep the trace's creation times")
        }
        let shuffle = try trace.optional("shuffle")?.boolean() ?? (mode == .arrivalOnly)
        let path = try resolveTracePath(podsNode)
        do {
            let pods = try OpenbTrace.loadPods(path: path)
            return try OpenbTrace.jobs(
                from: pods, workload: name, mode: mode, tune: tune, shuffle: shuffle, seed: seed,
                clusterGPUMilli: clusterGPUMilli, path: path)
        } catch {
            throw podsNode.error("cannot load the pod trace: \(error)")
        }
    }
}

/// The wall-clock anchor of a scenario: `startTime` (what t = 0 is, for cron schedules) and the horizon.
struct ScenarioClock: Sendable {
    /// Wall-clock time of t = 0 (default 2026-01-05T00:00:00Z, a Monday).
    var start = Date(timeIntervalSince1970: 1_767_571_200)
    /// The scenario `duration`, ms, if any.
    var horizon: Int64?
}

extension ScenarioParser {
    /// Largest `trace.tune` factor: the tuned trace may request at most 10 x the cluster's GPU capacity.
    static let maximumTune = 10.0
}
