import CapSimCore
import Foundation

/// Walks a scenario document and builds a `LoadedScenario`, one schema level at a time.
///
/// Each `parseX` function reads one level: it lists that level's complete set of keys (unknown keys are errors)
/// and reads each value with a `SchemaNode` accessor, so every error carries its key path and line.
struct ScenarioParser {
    /// Scenario file path, for errors.
    let file: String
    /// Folder relative trace paths are resolved against.
    let tracesDirectory: String
    /// Replaces the file's seed when set.
    let seedOverride: UInt64?
    /// Build the static-partition baseline instead of the Kubernetes cluster.
    var staticPartition = false

    // MARK: - Document

    /// Top-level keys, in documentation order.
    static let topLevelKeys = [
        "name", "description", "seed", "startTime", "mode", "duration", "cluster", "scheduler", "autoscaling",
        "admission",
        "priorityClasses", "clusterQueues", "localQueues", "kueueFairSharing", "workloads",
        "disruptions",
        "cost", "staticPartition", "metrics",
    ]

    /// Reads the whole document.
    ///
    /// - Parameters:
    ///   - root: The document's root node.
    ///   - contentHash: Hash of the file bytes, passed through to the result.
    /// - Returns: The validated scenario.
    /// - Throws: `ScenarioError` at the first problem found.
    func parse(root: SchemaNode, contentHash: String) throws(ScenarioError) -> LoadedScenario {
        let document = try root.mapping(allowedKeys: Self.topLevelKeys)
        let name = try document.required("name", "the scenario's name").string()
        let description = try document.optional("description")?.string(allowEmpty: true) ?? ""
        let fileSeed = try document.optional("seed")?.unsignedInteger() ?? 1
        let seed = seedOverride ?? fileSeed
        let mode = try parseMode(document.optional("mode"))
        let horizon = try document.optional("duration").map { node throws(ScenarioError) in
            SimTime(milliseconds: try node.durationMilliseconds(minimum: 1))
        }
        let step = try parseMetrics(document.optional("metrics"))
        let cluster = try parseCluster(document.required("cluster", "node pools or a node trace"), seed: seed)
        let scheduler = try parseScheduler(document.optional("scheduler"))
        let classes = try parsePriorityClasses(document.optional("priorityClasses"))
        let clusterQueues = try parseClusterQueues(document.optional("clusterQueues"))
        let (jobs, extraSummary, budgets) = try parseWorkloads(
            document.required("workloads", "a list of job generators or traces"), mode: mode, seed: seed,
            priorityClasses: classes, clusterQueues: clusterQueues.map(\.name),
            localQueues: try parseLocalQueues(
                document.optional("localQueues"), clusterQueues: clusterQueues.map(\.name)),
            clusterGPUMilli: cluster.totalGPUs * 1000,
            clock: try parseClock(document.optional("startTime"), horizon: horizon?.milliseconds))
        let disruptions = try parseDisruptions(document.optional("disruptions"), cluster: cluster)
        if !disruptions.isEmpty && mode == .arrivalOnly, let node = document.optional("disruptions") {
            throw node.error("only applies in `mode: timed` (arrival-only pods never run over time)")
        }
        if !disruptions.failures.isEmpty || disruptions.maintenance != nil, horizon == nil,
            let node = document.optional("disruptions")
        {
            throw node.error(
                "failures and upgrades need a top-level `duration:` (for example 90d): they recur, so the run "
                    + "needs a stop time")
        }
        try checkPodLimit(jobs, workloads: document.optional("workloads"))
        var input = SimulationInput(
            cluster: cluster, scheduler: scheduler, jobs: jobs, mode: mode, horizon: horizon,
            sampleStepMilliseconds: step, extraSummary: extraSummary, seed: seed,
            disruptionBudgets: budgets)
        input.clusterQueues = clusterQueues
        if let fair = document.optional("kueueFairSharing") { input.kueueFairSharing = try fair.boolean() }
        input.autoscaler = try parseAutoscaling(document.optional("autoscaling"))
        if let admissionNode = document.optional("admission") {
            let admission = try admissionNode.mapping(allowedKeys: ["extendedResourceToleration"])
            input.extendedResourceToleration =
                try admission.optional("extendedResourceToleration")?.boolean() ?? false
        }
        input.failures = disruptions.failures
        input.maintenance = disruptions.maintenance
        input.drains = disruptions.drains
        input.cost = try parseCost(document.optional("cost"))
        input.services = try parseInferenceServices(document.optional("workloads"), mode: mode, horizon: horizon)
        var scenarioName = name
        if let partitionNode = document.optional("staticPartition") {
            var workloadNames: [String] = []
            for job in jobs where !workloadNames.contains(job.workload) { workloadNames.append(job.workload) }
            let plan = try parseStaticPartition(partitionNode, cluster: cluster, workloads: workloadNames)
            if staticPartition {
                input = plan.apply(to: input)
                scenarioName += " (static partition)"
            }
        } else if staticPartition {
            throw root.error(
                "has no `staticPartition:` section, so there is no baseline to run; add one (see docs/scenario-reference.md)"
            )
        }
        return LoadedScenario(
            name: scenarioName, description: description, seed: seed, path: file, contentHash: contentHash,
            input: input)
    }

    /// Reads `clusterQueues:` (Kueue): `name`, `cohort`, `nominalQuota`, `borrowingLimit`, `lendingLimit` (each a
    /// map of cpu / memory / nvidia.com/gpu quantities) and `queueingStrategy`.
    private func parseClusterQueues(_ node: SchemaNode?) throws(ScenarioError) -> [ClusterQueueSpec] {
        guard let node else { return [] }
        var queues: [ClusterQueueSpec] = []
        for item in try node.sequence() {
            let entry = try item.mapping(allowedKeys: [
                "name", "cohort", "nominalQuota", "borrowingLimit", "lendingLimit", "flavors", "queueingStrategy",
                "preemption", "fairSharingWeight",
            ])
            let nameNode = try entry.required("name", "the ClusterQueue name")
            let name = try nameNode.string()
            if queues.contains(where: { $0.name == name }) {
                throw nameNode.error("duplicate ClusterQueue name \"\(name)\"")
            }
            // A resource missing from a quota map is not covered by the queue: no limit on it.
            func quota(_ node: SchemaNode) throws(ScenarioError) -> QuotaVector {
                let map = try node.mapping(allowedKeys: ["cpu", "memory", "nvidia.com/gpu"])
                let open = QuotaVector.unlimited
                return QuotaVector(
                    cpu: try map.optional("cpu")?.quantity(Quantity.cpuMillicores) ?? open.cpu,
                    memory: try map.optional("memory")?.quantity(Quantity.memoryBytes) ?? open.memory,
                    gpuMilli: try map.optional("nvidia.com/gpu").map { node throws(ScenarioError) in
                        try node.quantity(Quantity.wholeCount) * 1000
                    } ?? open.gpuMilli)
            }
            let flavorsNode = entry.optional("flavors")
            if let flavorsNode {
                for key in ["nominalQuota", "borrowingLimit", "lendingLimit"] {
                    if let node = entry.optional(key) {
                        throw node.error("is set per flavor when `flavors` is given")
                    }
                }
                _ = flavorsNode
            }
            var spec = ClusterQueueSpec(
                name: name, cohort: try entry.optional("cohort")?.string(),
                nominal: flavorsNode == nil
                    ? try quota(entry.required("nominalQuota", "cpu / memory / nvidia.com/gpu quota, or `flavors`"))
                    : QuotaVector())
            if let limit = entry.optional("borrowingLimit") { spec.borrowingLimit = try quota(limit) }
            if let limit = entry.optional("lendingLimit") { spec.lendingLimit = try quota(limit) }
            if let preemptionNode = entry.optional("preemption") {
                let preemption = try preemptionNode.mapping(allowedKeys: ["withinClusterQueue", "reclaimWithinCohort"])
                if let v = preemption.optional("withinClusterQueue") {
                    let allowed = ClusterQueueSpec.WithinClusterQueue.allCases.map(\.rawValue)
                    spec.withinClusterQueue =
                        ClusterQueueSpec.WithinClusterQueue(rawValue: try v.oneOf(allowed)) ?? .never
                }
                if let v = preemption.optional("reclaimWithinCohort") {
                    let allowed = ClusterQueueSpec.ReclaimWithinCohort.allCases.map(\.rawValue)
                    spec.reclaimWithinCohort =
                        ClusterQueueSpec.ReclaimWithinCohort(rawValue: try v.oneOf(allowed)) ?? .never
                }
            }
            if let weight = entry.optional("fairSharingWeight") {
                spec.fairSharingWeight = try weight.number(minimum: 0)
            }
            if let strategy = entry.optional("queueingStrategy") {
                let allowed = ClusterQueueSpec.QueueingStrategy.allCases.map(\.rawValue)
                spec.queueingStrategy =
                    ClusterQueueSpec.QueueingStrategy(rawValue: try strategy.oneOf(allowed)) ?? .bestEffortFIFO
            }
            guard let flavorsNode else {
                queues.append(spec)
                continue
            }
            // ResourceFlavors: one entry per flavor, in order; borrowing stays within a flavor.
            var flavorNames: [String] = []
            let items = try flavorsNode.sequence()
            guard !items.isEmpty else { throw flavorsNode.error("needs at least one flavor") }
            for flavorItem in items {
                let flavor = try flavorItem.mapping(allowedKeys: [
                    "name", "nodeLabels", "nominalQuota", "borrowingLimit", "lendingLimit",
                ])
                let flavorNameNode = try flavor.required("name", "the ResourceFlavor name, e.g. a100")
                let flavorName = try flavorNameNode.string()
                if flavorNames.contains(flavorName) {
                    throw flavorNameNode.error("duplicate flavor \"\(flavorName)\" in ClusterQueue \(name)")
                }
                flavorNames.append(flavorName)
                var entrySpec = spec
                entrySpec.flavor = flavorName
                entrySpec.cohort = spec.cohort.map { "\($0)/\(flavorName)" }
                entrySpec.nodeLabels = try flavor.optional("nodeLabels")?.stringMap() ?? [:]
                entrySpec.nominal = try quota(flavor.required("nominalQuota", "the flavor's quota"))
                entrySpec.borrowingLimit = try flavor.optional("borrowingLimit").map { node throws(ScenarioError) in
                    try quota(node)
                }
                entrySpec.lendingLimit = try flavor.optional("lendingLimit").map { node throws(ScenarioError) in
                    try quota(node)
                }
                queues.append(entrySpec)
            }
        }
        return queues
    }

    /// Reads `localQueues:` (Kueue LocalQueues: a team-facing name that points at a ClusterQueue).
    private func parseLocalQueues(_ node: SchemaNode?, clusterQueues: [String]) throws(ScenarioError) -> [String:
        String]
    {
        guard let node else { return [:] }
        var result: [String: String] = [:]
        for item in try node.sequence() {
            let entry = try item.mapping(allowedKeys: ["name", "clusterQueue"])
            let nameNode = try entry.required("name", "the LocalQueue name")
            let name = try nameNode.string()
            if result[name] != nil { throw nameNode.error("duplicate LocalQueue name \"\(name)\"") }
            let targetNode = try entry.required("clusterQueue", "the ClusterQueue it submits to")
            let target = try targetNode.string()
            guard clusterQueues.contains(target) else { throw targetNode.error("names no ClusterQueue") }
            result[name] = target
        }
        return result
    }

    /// Reads `startTime:` (ISO 8601, e.g. 2026-01-05T00:00:00Z): the wall-clock time of t = 0 for cron schedules.
    private func parseClock(_ node: SchemaNode?, horizon: Int64?) throws(ScenarioError) -> ScenarioClock {
        var clock = ScenarioClock()
        clock.horizon = horizon
        if let node {
            let text = try node.string()
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw node.error("\"\(text)\" is not an ISO 8601 time such as 2026-01-05T00:00:00Z")
            }
            // The formatter rolls impossible dates over (2026-02-30 becomes 2026-03-02): check the fields as written.
            if let problem = Self.impossibleDateFields(text) { throw node.error("\"\(text)\" \(problem)") }
            clock.start = date
        }
        return clock
    }

    /// Reads `autoscaling:` (Cluster Autoscaler flags; pools opt in with `minSize`/`maxSize`).
    private func parseAutoscaling(_ node: SchemaNode?) throws(ScenarioError) -> ClusterAutoscalerSettings {
        var settings = ClusterAutoscalerSettings()
        guard let node else { return settings }
        let mapping = try node.mapping(allowedKeys: [
            "scanInterval", "expander", "scaleDownEnabled", "scaleDownUtilizationThreshold", "scaleDownUnneededTime",
            "scaleDownDelayAfterAdd", "expendablePodsPriorityCutoff",
        ])
        if let v = mapping.optional("scanInterval") {
            settings.scanInterval = try v.durationMilliseconds(minimum: 1000)
        }
        if let v = mapping.optional("expander") {
            let allowed = ClusterAutoscalerSettings.Expander.allCases.map(\.rawValue)
            settings.expander = ClusterAutoscalerSettings.Expander(rawValue: try v.oneOf(allowed)) ?? .leastWaste
        }
        if let v = mapping.optional("scaleDownEnabled") { settings.isScaleDownEnabled = try v.boolean() }
        if let v = mapping.optional("scaleDownUtilizationThreshold") {
            let value = try v.number(minimum: 0)
            guard value <= 1 else { throw v.error("must be between 0 and 1, found \(value)") }
            settings.scaleDownUtilizationThreshold = value
        }
        if let v = mapping.optional("scaleDownUnneededTime") {
            settings.scaleDownUnneededTime = try v.durationMilliseconds()
        }
        if let v = mapping.optional("scaleDownDelayAfterAdd") {
            settings.scaleDownDelayAfterAdd = try v.durationMilliseconds()
        }
        if let v = mapping.optional("expendablePodsPriorityCutoff") {
            settings.expendablePodsPriorityCutoff = Int32(try v.integer(in: Int64(Int32.min)...Int64(Int32.max)))
        }
        return settings
    }

    /// Reads `priorityClasses:`: a list of `{name, value, preemptionPolicy}` (`scheduling.k8s.io/v1`).
    private func parsePriorityClasses(_ node: SchemaNode?) throws(ScenarioError) -> [String: PriorityClass] {
        guard let node else { return [:] }
        var classes: [String: PriorityClass] = [:]
        var seen: [String: SchemaNode] = [:]
        for item in try node.sequence() {
            let entry = try item.mapping(allowedKeys: ["name", "value", "preemptionPolicy"])
            let nameNode = try entry.required("name", "the PriorityClass name")
            let name = try nameNode.string()
            if let first = seen[name] {
                throw nameNode.error(Self.duplicateMessage("priority class", name, first: first))
            }
            seen[name] = nameNode
            // User-defined classes may not exceed 1 billion (higher values are reserved for system classes).
            let value = Int32(
                try entry.required("value", "an integer up to 1000000000").integer(in: -2_147_483_648...1_000_000_000))
            var policy = PreemptionPolicy.preemptLowerPriority
            if let policyNode = entry.optional("preemptionPolicy") {
                let allowed = PreemptionPolicy.allCases.map(\.rawValue)
                policy = PreemptionPolicy(rawValue: try policyNode.oneOf(allowed)) ?? .preemptLowerPriority
            }
            classes[name] = PriorityClass(value: value, preemptionPolicy: policy)
        }
        return classes
    }

    private func parseMode(_ node: SchemaNode?) throws(ScenarioError) -> SimulationInput.Mode {
        guard let node else { return .timed }
        let allowed = SimulationInput.Mode.allCases.map(\.rawValue)
        return SimulationInput.Mode(rawValue: try node.oneOf(allowed)) ?? .timed
    }

    /// Reads `metrics:` and returns the sampling step in milliseconds (default 5 minutes).
    private func parseMetrics(_ node: SchemaNode?) throws(ScenarioError) -> Int64 {
        guard let node else { return 300_000 }
        let metrics = try node.mapping(allowedKeys: ["step"])
        return try metrics.optional("step")?.durationMilliseconds(minimum: 1) ?? 300_000
    }

    // MARK: - Cluster

    /// Node pool keys, in documentation order.
    static let nodePoolKeys = [
        "name", "count", "cpu", "memory", "pods", "gpu", "labels", "taints", "pricePerHour", "minSize", "maxSize",
        "provisioningDelay", "expanderPriority",
    ]

    /// Reads `cluster:`: either `nodePools` or a node `trace`.
    ///
    /// Pool nodes are named `<pool>-NNNN` (four digits, from 0000) and carry exactly the labels written in the
    /// pool. A node trace becomes a single pool named `trace` (price 0) holding every node of the file, in file
    /// order.
    private func parseCluster(_ node: SchemaNode, seed: UInt64) throws(ScenarioError) -> ClusterSpec {
        let cluster = try node.mapping(allowedKeys: ["nodePools", "trace"])
        if let traceNode = cluster.optional("trace") {
            if cluster.optional("nodePools") != nil {
                throw traceNode.error("give either `nodePools` or `trace`, not both")
            }
            return try parseClusterTrace(traceNode, seed: seed)
        }
        let poolsNode = try cluster.required("nodePools", "a list of node pools, or give `trace` instead")
        let poolNodes = try poolsNode.sequence()
        guard !poolNodes.isEmpty else { throw poolsNode.error("needs at least one node pool") }
        var pools: [NodePoolSpec] = []
        var nodes: [NodeSpec] = []
        var seen: [String: SchemaNode] = [:]
        var totalCPU: Int64 = 0
        var totalMemory: Int64 = 0
        for (index, poolNode) in poolNodes.enumerated() {
            let pool = try poolNode.mapping(allowedKeys: Self.nodePoolKeys)
            let nameNode = try pool.required("name", "unique among pools")
            let name = try nameNode.string()
            if let first = seen[name] {
                throw nameNode.error(Self.duplicateMessage("node pool", name, first: first))
            }
            seen[name] = nameNode
            let count = Int(try pool.required("count", "number of nodes").integer(in: 0...100_000))
            let cpu = try pool.required("cpu", "allocatable CPU, e.g. \"96\"").quantity(Quantity.cpuMillicores)
            if cpu == 0 { throw (try pool.required("cpu")).error("must be greater than 0") }
            let memory = try pool.required("memory", "allocatable memory, e.g. 1Ti").quantity(Quantity.memoryBytes)
            if memory == 0 { throw (try pool.required("memory")).error("must be greater than 0") }
            let maxPods = Int32(try pool.optional("pods")?.integer(in: 1...Int64(Int32.max)) ?? 110)
            var gpuCount: Int32 = 0
            var gpuModel = ""
            if let gpuNode = pool.optional("gpu") {
                let gpu = try gpuNode.mapping(allowedKeys: ["count", "model"])
                gpuCount = Int32(try gpu.required("count", "GPUs per node").integer(in: 1...64))
                gpuModel = try gpu.required("model", "GPU model name, e.g. A100").string()
            }
            let labels = try pool.optional("labels")?.stringMap() ?? [:]
            var taints: [Taint] = []
            if let taintsNode = pool.optional("taints") {
                for taintNode in try taintsNode.sequence() {
                    taints.append(try parseTaint(taintNode))
                }
            }
            let price = try pool.optional("pricePerHour")?.number(minimum: 0) ?? 0
            var spec = NodePoolSpec(name: name, count: count, pricePerHourUSD: price)
            // Cluster Autoscaler bounds: the pool holds maxSize node slots, `count` of them provisioned at the start.
            if let maxNode = pool.optional("maxSize") {
                let maxSize = Int(try maxNode.integer(in: 0...100_000))
                let minSize = Int(try pool.optional("minSize")?.integer(in: 0...100_000) ?? 0)
                guard minSize <= count, count <= maxSize else {
                    throw maxNode.error("needs minSize <= count <= maxSize, found \(minSize) <= \(count) <= \(maxSize)")
                }
                spec.minSize = minSize
                spec.maxSize = maxSize
            } else if let minNode = pool.optional("minSize") {
                throw minNode.error("needs `maxSize` too: a pool is autoscaled between minSize and maxSize")
            }
            if let delayNode = pool.optional("provisioningDelay") {
                spec.provisioningDelayMilliseconds = try delayNode.durationMilliseconds()
            }
            spec.expanderPriority = Int(try pool.optional("expanderPriority")?.integer(in: -1_000_000...1_000_000) ?? 0)
            pools.append(spec)
            let slots = max(count, spec.maxSize ?? 0)
            for (total, perNode, what) in [(totalCPU, cpu, "cpu"), (totalMemory, memory, "memory")] {
                let (product, overflow) = perNode.multipliedReportingOverflow(by: Int64(slots))
                if overflow || total.addingReportingOverflow(product).overflow {
                    throw poolNode.error(
                        "the cluster's total \(what) (\(slots) nodes of this pool and the pools before it) exceeds "
                            + "what capsim can count (2^63-1 \(what == "cpu" ? "millicores" : "bytes")); lower `count` "
                            + "or `\(what)`")
                }
            }
            totalCPU += cpu * Int64(slots)
            totalMemory += memory * Int64(slots)
            for n in 0..<slots {
                let suffix = String(n)
                var node = NodeSpec(
                    name: "\(name)-\(String(repeating: "0", count: max(0, 4 - suffix.count)))\(suffix)",
                    poolIndex: index, cpuMillicores: cpu, memoryBytes: memory, maxPods: maxPods,
                    gpuCount: gpuCount, gpuModel: gpuModel, labels: labels, taints: taints)
                node.isProvisioned = n < count
                nodes.append(node)
            }
        }
        return ClusterSpec(pools: pools, nodes: nodes)
    }

    private func parseTaint(_ node: SchemaNode) throws(ScenarioError) -> Taint {
        let taint = try node.mapping(allowedKeys: ["key", "value", "effect"])
        let key = try taint.required("key").string()
        let value = try taint.optional("value")?.string(allowEmpty: true) ?? ""
        let effect = try parseEffect(taint.required("effect", "NoSchedule, PreferNoSchedule or NoExecute"))
        return Taint(key: key, value: value, effect: effect)
    }

    /// Reads a taint effect.
    func parseEffect(_ node: SchemaNode) throws(ScenarioError) -> TaintEffect {
        TaintEffect(rawValue: try node.oneOf(TaintEffect.allCases.map(\.rawValue))) ?? .noSchedule
    }

    /// Reads `cluster.trace:` and loads its node list (in file order, or shuffled with the seed by `shuffleNodes`).
    private func parseClusterTrace(_ node: SchemaNode, seed: UInt64) throws(ScenarioError) -> ClusterSpec {
        let trace = try node.mapping(allowedKeys: ["format", "nodes", "shuffleNodes"])
        _ = try trace.required("format", "the trace format; only openb for now").oneOf(["openb"])
        let nodesNode = try trace.required("nodes", "path of openb_node_list_*.csv")
        let path = try resolveTracePath(nodesNode)
        var nodes: [NodeSpec]
        do {
            nodes = try OpenbTrace.loadNodes(path: path)
        } catch {
            throw nodesNode.error("cannot load the node trace: \(error)")
        }
        for index in nodes.indices { nodes[index].poolIndex = 0 }
        if try trace.optional("shuffleNodes")?.boolean() ?? false {
            nodes = OpenbTrace.shuffledNodes(nodes, seed: seed)
        }
        return ClusterSpec(pools: [NodePoolSpec(name: "trace", count: nodes.count, pricePerHourUSD: 0)], nodes: nodes)
    }

    /// Resolves a trace file path against the traces directory and checks that the file exists.
    ///
    /// - Throws: `ScenarioError` naming the resolved path and how to point capsim at the traces.
    func resolveTracePath(_ node: SchemaNode) throws(ScenarioError) -> String {
        let relative = try node.string()
        let path: String
        if relative.hasPrefix("/") {
            path = relative
        } else {
            path = URL(fileURLWithPath: tracesDirectory, isDirectory: true).appendingPathComponent(relative).path
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw node.error(
                "trace file not found: \(path). Set `--traces DIR` or `CAPSIM_TRACES` to the folder that holds the "
                    + "traces (now \"\(tracesDirectory)\"); the openb files come from github.com/alibaba/clusterdata "
                    + "(cluster-trace-gpu-v2023/csv)")
        }
        return path
    }

    // MARK: - Scheduler

    /// Reads `scheduler:`: a named profile, then optional overrides.
    private func parseScheduler(_ node: SchemaNode?) throws(ScenarioError) -> SchedulerConfiguration {
        guard let node else { return .default }
        let scheduler = try node.mapping(allowedKeys: [
            "profile", "kubernetesVersion", "scoringStrategy", "shape", "resources", "weights",
            "percentageOfNodesToScore", "preemption",
        ])
        var configuration = SchedulerConfiguration.default
        if let profile = scheduler.optional("profile") {
            let policies = GPUPolicyKind.allCases.map(\.rawValue)
            let name = try profile.oneOf(["default", "binpack"] + policies)
            if let policy = GPUPolicyKind(rawValue: name) {
                configuration = .gpuSharing(policy)
            } else {
                configuration = name == "binpack" ? .binpack : .default
            }
        }
        if let version = scheduler.optional("kubernetesVersion") {
            let allowed = KubernetesVersion.allCases.map(\.rawValue)
            configuration.kubernetesVersion = KubernetesVersion(rawValue: try version.oneOf(allowed)) ?? .v1_36
        }
        if let strategy = scheduler.optional("scoringStrategy") {
            let allowed = ScoringStrategy.allCases.map(\.rawValue)
            configuration.scoringStrategy = ScoringStrategy(rawValue: try strategy.oneOf(allowed)) ?? .leastAllocated
        }
        if let shapeNode = scheduler.optional("shape") {
            var points: [UtilizationShapePoint] = []
            for pointNode in try shapeNode.sequence() {
                let point = try pointNode.mapping(allowedKeys: ["utilization", "score"])
                let utilization = try point.required("utilization", "0...100").integer(in: 0...100)
                let score = try point.required("score", "0...10").integer(in: 0...10)
                if let previous = points.last, utilization <= previous.utilization {
                    throw pointNode.error("utilization must increase strictly along the shape")
                }
                points.append(UtilizationShapePoint(utilization: utilization, score: score))
            }
            if points.isEmpty { throw shapeNode.error("needs at least one {utilization, score} point") }
            configuration.shape = points
        }
        if configuration.scoringStrategy == .requestedToCapacityRatio && configuration.shape.isEmpty {
            throw (scheduler.optional("scoringStrategy") ?? node).error(
                "RequestedToCapacityRatio needs `shape:`, e.g. [{utilization: 0, score: 0}, {utilization: 100, "
                    + "score: 10}] for bin-packing")
        }
        if let preemptionNode = scheduler.optional("preemption") {
            configuration.preemptionEnabled = try preemptionNode.boolean()
        }
        if let resourcesNode = scheduler.optional("resources") {
            let resources = try resourcesNode.mapping(allowedKeys: ScoredResource.allCases.map(\.rawValue))
            var weights: [ScoredResource: Int64] = [:]
            for entry in resources.entries {
                guard let resource = ScoredResource(rawValue: entry.key) else { continue }
                weights[resource] = try entry.value.integer(in: 0...1_000_000)
            }
            configuration.fitResources = weights
        }
        if let percentage = scheduler.optional("percentageOfNodesToScore") {
            configuration.percentageOfNodesToScore = Int(try percentage.integer(in: 0...100))
        }
        if let weightsNode = scheduler.optional("weights") {
            let weights = try weightsNode.mapping(allowedKeys: [
                "NodeResourcesFit", "NodeResourcesBalancedAllocation", "TaintToleration", "NodeAffinity",
            ])
            if let fit = weights.optional("NodeResourcesFit") {
                configuration.fitWeight = try fit.integer(in: 0...1_000_000)
            }
            if let balanced = weights.optional("NodeResourcesBalancedAllocation") {
                configuration.balancedAllocationWeight = try balanced.integer(in: 0...1_000_000)
            }
            if let affinity = weights.optional("NodeAffinity") {
                configuration.nodeAffinityWeight = try affinity.integer(in: 0...1_000_000)
            }
            if let taint = weights.optional("TaintToleration") {
                configuration.taintTolerationWeight = try taint.integer(in: 0...1_000_000)
            }
        }
        return configuration
    }

    // MARK: - Helpers

    /// "duplicate X name" message pointing at the first use.
    static func duplicateMessage(_ what: String, _ name: String, first: SchemaNode) -> String {
        let location = first.line.map { " at line \($0)" } ?? ""
        let owner = first.path.hasSuffix(".name") ? String(first.path.dropLast(5)) : first.path
        return "duplicate \(what) name \"\(name)\": already used by \(owner)\(location); names must be unique"
    }
}

/// A PriorityClass: the priority value and preemption policy it gives pods.
struct PriorityClass: Sendable, Equatable {
    var value: Int32
    var preemptionPolicy: PreemptionPolicy
}

extension ScenarioParser {
    /// Rejects a scenario whose jobs create more than `SimulationInput.maximumPods` pods in all, naming the
    /// workload that creates the most (a run holds every pod's state in memory, about 1 KB each).
    func checkPodLimit(_ jobs: [JobSpec], workloads: SchemaNode?) throws(ScenarioError) {
        var total: Int64 = 0
        var byWorkload: [String: Int64] = [:]
        for job in jobs {
            total += Int64(job.parallelism)
            byWorkload[job.workload, default: 0] += Int64(job.parallelism)
        }
        guard total > SimulationInput.maximumPods, let workloads else { return }
        let largest = byWorkload.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
        throw workloads.error(
            "the workloads create \(total) pods in all (\(largest?.key ?? "?") alone \(largest?.value ?? 0)); a run "
                + "holds at most \(SimulationInput.maximumPods) pods (about 1 KB of memory each): lower `count`, "
                + "`parallelism` or the arrival rate")
    }
}

extension ScenarioParser {
    /// Why the `YYYY-MM-DDThh:mm:ss` fields of an ISO 8601 time are impossible (a 30 February, hour 24, minute 60),
    /// or `nil` when they exist.
    static func impossibleDateFields(_ text: String) -> String? {
        let digits = Array(text.utf8.prefix(19))
        func field(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= digits.count else { return nil }
            var value = 0
            for byte in digits[start..<(start + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = field(0, 4), let month = field(5, 2), let day = field(8, 2) else { return nil }
        guard (1...12).contains(month) else { return "has month \(month); months are 01 to 12" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else {
            return "has day \(day); \(year)-\(month < 10 ? "0" : "")\(month) has \(days) days"
        }
        if let hour = field(11, 2), hour > 23 { return "has hour \(hour); hours are 00 to 23" }
        if let minute = field(14, 2), minute > 59 { return "has minute \(minute); minutes are 00 to 59" }
        if let second = field(17, 2), second > 59 { return "has second \(second); seconds are 00 to 59" }
        return nil
    }
}
