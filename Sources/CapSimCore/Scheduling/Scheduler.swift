/// One scheduling cycle of kube-scheduler for one pod (`schedulePod`, `pkg/scheduler/schedule_one.go`): the
/// profile's PreFilter, Filter on the nodes until enough are feasible, then PreScore, Score and NormalizeScore on the
/// feasible ones, and the best total wins. PostFilter (preemption), Reserve and Permit run around it, from the
/// scheduling pass (`Simulation+SchedulingCycle.swift`), the bind path and gang placement.
///
/// Holds reusable buffers so a cycle allocates nothing (a class, so the buffers are never copied). Placement rules
/// are documented on `SchedulerConfiguration` and the plugin list on `SchedulerProfile`. Not thread-safe: one
/// scheduler per run.
public final class Scheduler: @unchecked Sendable {
    /// The configuration the profile was built from.
    public let configuration: SchedulerConfiguration
    /// The plugins this scheduler runs.
    let profile: SchedulerProfile
    private var feasible: [Int32] = []
    private var totals: [Int64] = []
    private var pluginScores: [Int64] = []
    private var gpuPlugin: (any GPUScorePlugin)?
    private let feasibleNodesToFind: Int
    private var nextStartNodeIndex = 0
    /// NodeAffinity and TaintToleration results per pod shape, as node bit sets.
    private(set) var staticFilters = StaticFilterCache()

    /// Creates a scheduler for a cluster.
    ///
    /// - Parameters:
    ///   - configuration: Profile and weights.
    ///   - state: The cluster it will place pods on (only its static shape is read).
    ///   - gpuPlugin: The GPU policy plugin for `configuration.gpuPolicy`, built by the caller (it may need the
    ///     workload, as FGD does).
    convenience init(configuration: SchedulerConfiguration, state: ClusterState, gpuPlugin: (any GPUScorePlugin)?) {
        self.init(configuration: configuration, state: state)
        self.gpuPlugin = gpuPlugin
    }

    /// Creates a scheduler for a cluster, without a GPU policy plugin.
    ///
    /// - Parameters:
    ///   - configuration: Profile and weights.
    ///   - state: The cluster it will place pods on (only its static shape is read).
    public init(configuration: SchedulerConfiguration, state: ClusterState) {
        self.configuration = configuration
        profile = SchedulerProfile(configuration, cluster: state)
        feasible.reserveCapacity(state.nodeCount)
        totals.reserveCapacity(state.nodeCount)
        pluginScores.reserveCapacity(state.nodeCount)
        feasibleNodesToFind = SchedulerConfiguration.numFeasibleNodesToFind(
            nodeCount: state.nodeCount, percentage: configuration.percentageOfNodesToScore)
    }

    /// The outcome of one cycle.
    enum Decision {
        case placed(node: Int)
        /// No node passes the filters now; `resolvable` is false when no node could ever fit the pod.
        case unschedulable(reason: String)
    }

    /// Gives a pod its shape id in `staticFilters` (computing the shape's node bit set when new).
    ///
    /// - Parameters:
    ///   - pod: The pod; its `staticShape` is set.
    ///   - state: The cluster (labels and taints).
    func classify(_ pod: inout CompiledPod, state: borrowing ClusterState) {
        pod.staticShape = staticFilters.classify(pod, state: state)
    }

    /// Whether NodeAffinity and TaintToleration admit node `n` for a classified pod (what
    /// `StaticNodeFilters.filterIgnoringStatus` says, read from the shape's bit set).
    @inline(__always)
    func staticallyAdmits(_ pod: CompiledPod, node n: Int) -> Bool {
        staticFilters.admits(pod.staticShape, node: n)
    }

    /// Runs PreFilter, Filter, PreScore and Score for a pod and returns the chosen node.
    func schedule(_ pod: CompiledPod, state: borrowing ClusterState) -> Decision {
        // Work on local buffers swapped out of the class, so the hot loops pay no exclusivity checks per access.
        var feasible: [Int32] = []
        var totals: [Int64] = []
        var pluginScores: [Int64] = []
        swap(&feasible, &self.feasible)
        swap(&totals, &self.totals)
        swap(&pluginScores, &self.pluginScores)
        defer {
            swap(&feasible, &self.feasible)
            swap(&totals, &self.totals)
            swap(&pluginScores, &self.pluginScores)
        }
        feasible.removeAll(keepingCapacity: true)
        // PreFilter: NodeAffinity is the only PreFilter plugin; its Skip selects the Filter chain without it.
        let preFilter = profile.nodeAffinity.preFilter(pod, state: state)
        if preFilter.isRejected { return .unschedulable(reason: preFilter.reason) }
        let start = nextStartNodeIndex
        let (processed, firstFailure) =
            pod.staticShape >= 0
            ? findFeasibleNodes(pod, shape: pod.staticShape, state: state, from: start, into: &feasible)
            : preFilter.isSkip
                ? findFeasibleNodes(
                    pod, profile.filtersSkippingNodeAffinity, state: state, from: start, into: &feasible)
                : findFeasibleNodes(pod, profile.filters, state: state, from: start, into: &feasible)
        if state.nodeCount > 0 { nextStartNodeIndex = (start + processed) % state.nodeCount }
        if feasible.isEmpty { return .unschedulable(reason: firstFailure ?? "no nodes in the cluster") }
        if feasible.count == 1 { return .placed(node: Int(feasible[0])) }
        runScorePlugins(pod, feasible: feasible, state: state, totals: &totals, scores: &pluginScores)
        var best = -1
        var bestScore = Int64.min
        for i in feasible.indices where totals[i] > bestScore {
            bestScore = totals[i]
            best = Int(feasible[i])
        }
        return .placed(node: best)
    }

    /// Filter (`findNodesThatPassFilters`): walks the nodes round-robin from `start` and collects those every Filter
    /// plugin admits, until `feasibleNodesToFind` are found or every node was examined.
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - filters: The profile's Filter plugins.
    ///   - state: Cluster state.
    ///   - start: The node to examine first.
    ///   - feasible: Receives the feasible nodes, in the order examined.
    /// - Returns: How many nodes were examined, and the first rejection's reason.
    @inline(__always)
    private func findFeasibleNodes<Filters: NodeFilter>(
        _ pod: CompiledPod, _ filters: Filters, state: borrowing ClusterState, from start: Int,
        into feasible: inout [Int32]
    ) -> (processed: Int, firstFailure: String?) {
        var firstFailure: String?
        let nodeCount = state.nodeCount
        var processed = 0
        var n = start
        while processed < nodeCount && feasible.count < feasibleNodesToFind {
            defer {
                processed += 1
                n += 1
                if n == nodeCount { n = 0 }
            }
            if let f = filters.filter(pod, node: n, state: state) {
                if firstFailure == nil { firstFailure = f.reason }
                continue
            }
            feasible.append(Int32(n))
        }
        return (processed, firstFailure)
    }

    /// Filter for a classified pod: the same walk, outcome and first rejection as `findFeasibleNodes(_:_:...)` with
    /// the profile's whole Filter chain, but nodes that certainly fail are skipped a 64-node word at a time: a
    /// candidate must pass NodeAffinity and TaintToleration (the shape's bit set) and have room for the pod's GPUs
    /// (`ClusterState.gpuCandidates`). Only candidates run the plugins that read node status (NodeUnschedulable)
    /// and requests (NodeResourcesFit). The first rejected node, candidate or not, runs the whole chain for its
    /// reason; `processed` counts skipped nodes as examined, so the round-robin start moves as upstream's does.
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - shape: Its shape id in `staticFilters`.
    ///   - state: Cluster state.
    ///   - start: The node to examine first.
    ///   - feasible: Receives the feasible nodes, in the order examined.
    /// - Returns: How many nodes were examined, and the first rejection's reason.
    @inline(__always)
    private func findFeasibleNodes(
        _ pod: CompiledPod, shape: Int32, state: borrowing ClusterState, from start: Int, into feasible: inout [Int32]
    ) -> (processed: Int, firstFailure: String?) {
        var firstFailure: String?
        let nodeCount = state.nodeCount
        let admitsAll = staticFilters.admitsAll[Int(shape)]
        let dynamic = profile.nodeUnschedulable.then(profile.nodeResourcesFit)
        var examined = 0
        while examined < nodeCount && feasible.count < feasibleNodesToFind {
            let n = start + examined < nodeCount ? start + examined : start + examined - nodeCount
            // Nodes from n to the end of the cluster (or, after wrapping, to `start`) are walked in index order.
            let segmentEnd = n >= start ? nodeCount : start
            let w = n >> 6
            var word = state.gpuCandidates(pod, word: w) & (admitsAll ? .max : staticFilters.masks[Int(shape)][w])
            word &= UInt64.max << UInt64(n & 63)
            let wordEnd = min((w + 1) << 6, segmentEnd)
            if wordEnd - (w << 6) < 64 { word &= (1 << UInt64(wordEnd - (w << 6))) - 1 }
            let candidate = word == 0 ? wordEnd : (w << 6) + word.trailingZeroBitCount
            if candidate > n {
                // Nodes n ..< candidate fail NodeAffinity, TaintToleration or the GPU part of NodeResourcesFit.
                if firstFailure == nil { firstFailure = profile.filters.filter(pod, node: n, state: state)?.reason }
                examined += candidate - n
                continue
            }
            examined += 1
            if let f = dynamic.filter(pod, node: n, state: state) {
                if firstFailure == nil { firstFailure = f.reason }
                continue
            }
            feasible.append(Int32(n))
        }
        return (examined, firstFailure)
    }

    /// PreScore and Score (`RunScorePlugins`): for each Score plugin of the profile whose PreScore does not skip,
    /// score every feasible node, normalize, and add `weight × score` to the node's total.
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - feasible: Feasible nodes.
    ///   - state: Cluster state.
    ///   - totals: Receives one total per feasible node.
    ///   - scores: Scratch buffer.
    private func runScorePlugins(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, totals: inout [Int64],
        scores: inout [Int64]
    ) {
        totals.removeAll(keepingCapacity: true)
        totals.append(contentsOf: repeatElement(0, count: feasible.count))
        defer { scores.removeAll(keepingCapacity: true) }
        for entry in profile.score {
            switch entry.plugin {
            case .taintToleration:
                if profile.taintToleration.preScore(pod, state: state).isSkip { continue }
                addScores(profile.taintToleration, entry.weight, pod, feasible, state, &totals, &scores)
            case .nodeAffinity:
                if profile.nodeAffinity.preScore(pod, state: state).isSkip { continue }
                addScores(profile.nodeAffinity, entry.weight, pod, feasible, state, &totals, &scores)
            case .nodeResourcesFit:
                addScores(profile.nodeResourcesFit, entry.weight, pod, feasible, state, &totals, &scores)
            case .balancedAllocation:
                if profile.balancedAllocation.preScore(pod, state: state).isSkip { continue }
                addScores(profile.balancedAllocation, entry.weight, pod, feasible, state, &totals, &scores)
            case .gpuSharing:
                guard gpuPlugin != nil else { continue }
                scores.removeAll(keepingCapacity: true)
                gpuPlugin?.score(pod, feasible: feasible, state: state, into: &scores)
                precondition(scores.count == feasible.count, "GPU policy returned \(scores.count) scores")
                for i in totals.indices { totals[i] += entry.weight * scores[i] }
            }
        }
    }

    /// One Score plugin over the feasible nodes: score, `NormalizeScore`, then `totals += weight × score`.
    @inline(__always)
    private func addScores<Plugin: ScorePlugin>(
        _ plugin: Plugin, _ weight: Int64, _ pod: CompiledPod, _ feasible: [Int32], _ state: borrowing ClusterState,
        _ totals: inout [Int64], _ scores: inout [Int64]
    ) {
        scores.removeAll(keepingCapacity: true)
        for n in feasible { scores.append(plugin.score(pod, node: Int(n), state: state)) }
        plugin.normalizeScore(&scores)
        for i in totals.indices { totals[i] += weight * scores[i] }
    }

    /// The devices the GPU policy picks for a pod on its chosen node (its Reserve), or `nil` for the default choice.
    func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? {
        gpuPlugin?.reserve(pod, node: node, state: state)
    }

    /// Tells the GPU policy that a pod was bound (`state` already includes it).
    func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        gpuPlugin?.didBind(pod, node: node, devices: devices, state: state)
    }

    /// Tells the GPU policy that a pod left its node (`state` no longer includes it).
    func didUnbind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        gpuPlugin?.didUnbind(pod, node: node, devices: devices, state: state)
    }

    /// Per-node plugin scores for a pod, for explaining and testing decisions.
    ///
    /// - Parameters:
    ///   - template: The pod.
    ///   - state: Cluster state.
    /// - Returns: For each node passing the filters: node index, NodeResourcesFit score (0...100), BalancedAllocation
    ///   score (0...100) and the weighted total of those two (without TaintToleration, NodeAffinity and GPU policy).
    public func explainScores(for template: PodTemplate, state: ClusterState) -> [NodeScore] {
        let pod = CompiledPod(template, models: state.gpuModels)
        let fitWeight = profile.weight(of: .nodeResourcesFit)
        let balancedWeight = profile.weight(of: .balancedAllocation)
        var rows: [NodeScore] = []
        for n in 0..<state.nodeCount where profile.filters.filter(pod, node: n, state: state) == nil {
            let fit = profile.nodeResourcesFit.score(pod, node: n, state: state)
            let balanced = profile.balancedAllocation.score(pod, node: n, state: state)
            rows.append(
                NodeScore(
                    node: n, fit: fit, balancedAllocation: balanced, total: fitWeight * fit + balancedWeight * balanced)
            )
        }
        return rows
    }

    /// Filter result for one node, for explaining and testing decisions.
    ///
    /// - Parameters:
    ///   - template: The pod.
    ///   - node: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` if the pod fits, otherwise the kube-scheduler style reason (for example `Insufficient cpu`).
    public func filterFailure(for template: PodTemplate, node: Int, state: ClusterState) -> String? {
        let pod = CompiledPod(template, models: state.gpuModels)
        return profile.filters.filter(pod, node: node, state: state)?.reason
    }
}

/// Scores of one feasible node for one pod (see `Scheduler.explainScores`).
public struct NodeScore: Sendable, Equatable {
    /// Node index.
    public var node: Int
    /// NodeResourcesFit score, 0...100.
    public var fit: Int64
    /// NodeResourcesBalancedAllocation score, 0...100.
    public var balancedAllocation: Int64
    /// Weighted sum of the two.
    public var total: Int64
}
