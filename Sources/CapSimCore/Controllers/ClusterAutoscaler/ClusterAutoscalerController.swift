/// Cluster Autoscaler's state over the autoscaled node pools (`cluster-autoscaler/core/static_autoscaler.go`,
/// `RunOnce`): nodes being provisioned, how long each node has been unneeded, the node being drained for removal,
/// and each pool's last scale-up and active node count. Its loop is in `Simulation+ClusterAutoscaler.swift`.
struct ClusterAutoscalerController: Sendable {
    /// Events of the Cluster Autoscaler.
    enum Event: Sendable {
        /// The autoscaler loop runs (every `scanInterval`).
        case scan
        /// A node requested by a scale-up is Ready.
        case nodeProvisioned(node: Int32)
    }

    /// Whether each node is being provisioned.
    var provisioning: [Bool] = []
    /// Since when each node has been unneeded, ms, or -1.
    var unneededSince: [Int64] = []
    /// Whether each node is being drained for removal.
    var scaleDown: [Bool] = []
    /// Last scale-up of each pool, ms.
    var lastScaleUp: [Int64] = []
    /// Provisioned or provisioning nodes per pool.
    var activeNodes: [Int64] = []
    /// Stream of the `random` expander.
    var random: SeededRandom

    /// State for the pools of `input` (nodes provisioned at the start count as active).
    init(input: SimulationInput) {
        let nodeCount = input.cluster.nodes.count
        provisioning = Array(repeating: false, count: nodeCount)
        unneededSince = Array(repeating: -1, count: nodeCount)
        scaleDown = Array(repeating: false, count: nodeCount)
        lastScaleUp = Array(repeating: Int64.min / 2, count: input.cluster.pools.count)
        activeNodes = Array(repeating: 0, count: input.cluster.pools.count)
        for node in input.cluster.nodes where node.isProvisioned { activeNodes[node.poolIndex] += 1 }
        random = SeededRandom(seed: input.seed, stream: "autoscaler/random")
    }

    /// Whether an event no longer applies: the scan loop stops with the other disruptions.
    static func isStale(_ event: Event, disruptionsContinue: Bool) -> Bool {
        switch event {
        case .scan: return !disruptionsContinue
        case .nodeProvisioned: return false
        }
    }
}
