/// One scheduling cycle of kube-scheduler for one pod: Filter every node, Score the feasible ones, pick the best.
///
/// Holds reusable buffers so a cycle allocates nothing (a class, so the buffers are never copied). Placement rules
/// are documented on `SchedulerConfiguration`. Not thread-safe: one scheduler per run.
public final class Scheduler: @unchecked Sendable {
    /// The profile in use.
    public let configuration: SchedulerConfiguration
    private let fitWeights: (cpu: Int64, memory: Int64, gpu: Int64)
    private var feasible: [Int32] = []
    private var taintCounts: [Int64] = []
    private var affinityScores: [Int64] = []
    private var policyScores: [Int64] = []
    private var gpuPlugin: (any GPUScorePlugin)?
    private let hasPreferNoScheduleTaints: Bool
    private let feasibleNodesToFind: Int
    private var nextStartNodeIndex = 0

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
        policyScores.reserveCapacity(state.nodeCount)
    }

    /// Creates a scheduler for a cluster, without a GPU policy plugin.
    ///
    /// - Parameters:
    ///   - configuration: Profile and weights.
    ///   - state: The cluster it will place pods on (only its static shape is read).
    public init(configuration: SchedulerConfiguration, state: ClusterState) {
        self.configuration = configuration
        fitWeights = (
            configuration.fitResources[.cpu] ?? 0, configuration.fitResources[.memory] ?? 0,
            configuration.fitResources[.gpu] ?? 0
        )
        feasible.reserveCapacity(state.nodeCount)
        taintCounts.reserveCapacity(state.nodeCount)
        hasPreferNoScheduleTaints = state.taints.contains { $0.contains { $0.effect == .preferNoSchedule } }
        feasibleNodesToFind = SchedulerConfiguration.numFeasibleNodesToFind(
            nodeCount: state.nodeCount, percentage: configuration.percentageOfNodesToScore)
    }

    /// The outcome of one cycle.
    enum Decision {
        case placed(node: Int)
        /// No node passes the filters now; `resolvable` is false when no node could ever fit the pod.
        case unschedulable(reason: String)
    }

    /// Runs Filter and Score for a pod and returns the chosen node.
    func schedule(_ pod: CompiledPod, state: borrowing ClusterState) -> Decision {
        // Work on local buffers swapped out of the class, so the hot loops pay no exclusivity checks per access.
        var feasible: [Int32] = []
        var policyScores: [Int64] = []
        var taintCounts: [Int64] = []
        var affinityScores: [Int64] = []
        swap(&feasible, &self.feasible)
        swap(&policyScores, &self.policyScores)
        swap(&taintCounts, &self.taintCounts)
        swap(&affinityScores, &self.affinityScores)
        defer {
            swap(&feasible, &self.feasible)
            swap(&policyScores, &self.policyScores)
            swap(&taintCounts, &self.taintCounts)
            swap(&affinityScores, &self.affinityScores)
        }
        feasible.removeAll(keepingCapacity: true)
        var firstFailure: String?
        let nodeCount = state.nodeCount
        var processed = 0
        let start = nextStartNodeIndex
        var n = start
        while processed < nodeCount && feasible.count < feasibleNodesToFind {
            defer {
                processed += 1
                n += 1
                if n == nodeCount { n = 0 }
            }
            if let f = StaticNodeFilters.filter(pod, node: n, state: state) {
                if firstFailure == nil { firstFailure = f.reason }
                continue
            }
            if let f = NodeResourcesFit.filter(pod, node: n, state: state) {
                if firstFailure == nil { firstFailure = f.rawValue }
                continue
            }
            feasible.append(Int32(n))
        }
        if nodeCount > 0 { nextStartNodeIndex = (start + processed) % nodeCount }
        if feasible.isEmpty { return .unschedulable(reason: firstFailure ?? "no nodes in the cluster") }
        if feasible.count == 1 { return .placed(node: Int(feasible[0])) }
        defer { policyScores.removeAll(keepingCapacity: true) }
        if gpuPlugin != nil {
            gpuPlugin?.score(pod, feasible: feasible, state: state, into: &policyScores)
            precondition(policyScores.count == feasible.count, "GPU policy returned \(policyScores.count) scores")
        }
        let taints = hasPreferNoScheduleTaints && configuration.taintTolerationWeight > 0
        let affinity = pod.hasPreferredAffinity && configuration.nodeAffinityWeight > 0
        var maxTaints: Int64 = 0
        var maxAffinity: Int64 = 0
        if taints || affinity {
            taintCounts.removeAll(keepingCapacity: true)
            affinityScores.removeAll(keepingCapacity: true)
            for n in feasible {
                if taints {
                    let c = TaintToleration().score(pod, node: Int(n), state: state)
                    taintCounts.append(c)
                    maxTaints = max(maxTaints, c)
                }
                if affinity {
                    let a = pod.affinity.preferenceScore(state.labels[Int(n)])
                    affinityScores.append(a)
                    maxAffinity = max(maxAffinity, a)
                }
            }
        }
        var best = -1
        var bestScore = Int64.min
        for (i, n) in feasible.enumerated() {
            var total = score(pod, node: Int(n), state: state)
            if taints {
                // DefaultNormalizeScore(reverse): 100 - 100 * count / max, all 100 when max is 0.
                total +=
                    configuration.taintTolerationWeight
                    * (maxTaints == 0 ? 100 : 100 - taintCounts[i] * 100 / maxTaints)
            }
            if affinity && maxAffinity > 0 {
                total += configuration.nodeAffinityWeight * (affinityScores[i] * 100 / maxAffinity)
            }
            if !policyScores.isEmpty { total += configuration.gpuPolicyWeight * policyScores[i] }
            if total > bestScore {
                bestScore = total
                best = Int(n)
            }
        }
        return .placed(node: best)
    }

    /// The devices the GPU policy picks for a pod on its chosen node, or `nil` for the default choice.
    func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? {
        gpuPlugin?.selectDevices(pod, node: node, state: state)
    }

    /// Tells the GPU policy that a pod was bound (`state` already includes it).
    func didBind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        gpuPlugin?.didBind(pod, node: node, devices: devices, state: state)
    }

    /// Tells the GPU policy that a pod left its node (`state` no longer includes it).
    func didUnbind(_ pod: CompiledPod, node: Int, devices: UInt64, state: borrowing ClusterState) {
        gpuPlugin?.didUnbind(pod, node: node, devices: devices, state: state)
    }

    /// Weighted NodeResourcesFit + BalancedAllocation score of one node (TaintToleration is added by the caller).
    @inline(__always)
    private func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        var total: Int64 = 0
        if configuration.fitWeight > 0 {
            total +=
                configuration.fitWeight
                * NodeResourcesFit.score(
                    pod, node: n, state: state, strategy: configuration.scoringStrategy, weights: fitWeights,
                    shape: configuration.shape)
        }
        if configuration.balancedAllocationWeight > 0 {
            total +=
                configuration.balancedAllocationWeight
                * BalancedAllocation.score(
                    pod, node: n, state: state, resources: configuration.balancedResources,
                    version: configuration.kubernetesVersion)
        }
        return total
    }

    /// Per-node plugin scores for a pod, for explaining and testing decisions.
    ///
    /// - Parameters:
    ///   - template: The pod.
    ///   - state: Cluster state.
    /// - Returns: For each node passing the filters: node index, NodeResourcesFit score (0...100), BalancedAllocation
    ///   score (0...100) and the weighted total (without TaintToleration).
    public func explainScores(for template: PodTemplate, state: ClusterState) -> [NodeScore] {
        let pod = CompiledPod(template, models: state.gpuModels)
        var rows: [NodeScore] = []
        for n in 0..<state.nodeCount {
            if StaticNodeFilters.filter(pod, node: n, state: state) != nil { continue }
            if NodeResourcesFit.filter(pod, node: n, state: state) != nil { continue }
            let fit = NodeResourcesFit.score(
                pod, node: n, state: state, strategy: configuration.scoringStrategy, weights: fitWeights,
                shape: configuration.shape)
            let balanced = BalancedAllocation.score(
                pod, node: n, state: state, resources: configuration.balancedResources,
                version: configuration.kubernetesVersion)
            rows.append(
                NodeScore(node: n, fit: fit, balancedAllocation: balanced, total: score(pod, node: n, state: state)))
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
        if let f = StaticNodeFilters.filter(pod, node: node, state: state) { return f.reason }
        return NodeResourcesFit.filter(pod, node: node, state: state)?.rawValue
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
