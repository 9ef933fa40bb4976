/// Node and GPU-device failures and repairs, and the replacement of the pods lost with them (the node lifecycle
/// controller's `NoExecute` taint eviction, `pkg/controller/nodelifecycle`, and the kubelet's device-plugin health
/// checks). Each node, and each GPU device, draws its times between failures from its own seeded stream.
/// Handlers are in `Simulation+NodeLifecycle.swift`.
struct NodeLifecycleController: Sendable {
    /// Events of the node lifecycle.
    enum Event: Sendable {
        /// A node fails (ignored unless `generation` matches the node's).
        case nodeFailure(node: Int32, generation: UInt32)
        /// A failed node is repaired.
        case nodeRepaired(node: Int32)
        /// A GPU device fails.
        case deviceFailure(node: Int32, device: Int32, generation: UInt32)
        /// A failed GPU device is replaced.
        case deviceRepaired(node: Int32, device: Int32)
    }

    /// Time from a node failure until its pods are replaced: node-monitor grace period (40 s) plus the default
    /// not-ready toleration (300 s) after which the pods are evicted (`DefaultTolerationSeconds`).
    static let failureDetectionDelay: Int64 = 340_000

    /// The failure models of the run, one per pool at most.
    let models: [NodeFailureModel]
    /// Failure model of each node, or -1.
    let modelOfNode: [Int]
    /// Random stream of each node (`failures/<node>`).
    var nodeRandom: [SeededRandom] = []
    /// Random stream of each GPU device, flat (`gpuStart[node] + device`, `gpu-failures/<node>/<device>`).
    var deviceRandom: [SeededRandom] = []
    /// Grows whenever a node's status changes (down, up, added, removed), so its pending failure is stale.
    private(set) var generation: [UInt32] = []

    /// The failure models of `input`, with one stream per node and per GPU device.
    init(input: SimulationInput) {
        models = input.failures
        let modelOfPool = Dictionary(
            input.failures.enumerated().map { ($1.poolIndex, $0) }, uniquingKeysWith: { first, _ in first })
        modelOfNode = input.cluster.nodes.map { modelOfPool[$0.poolIndex] ?? -1 }
        nodeRandom = input.cluster.nodes.map { SeededRandom(seed: input.seed, stream: "failures/\($0.name)") }
        if input.failures.contains(where: { $0.gpuTimeBetweenFailures != nil }) {
            for node in input.cluster.nodes {
                for d in 0..<Int(node.gpuCount) {
                    deviceRandom.append(SeededRandom(seed: input.seed, stream: "gpu-failures/\(node.name)/\(d)"))
                }
            }
        }
        generation = Array(repeating: 0, count: input.cluster.nodes.count)
    }

    /// A node's status changed: its scheduled failure no longer applies.
    mutating func statusChanged(_ n: Int) { generation[n] &+= 1 }

    /// Whether node `n` has a failure model.
    func hasFailures(_ n: Int) -> Bool { modelOfNode[n] >= 0 }

    /// Schedules node `n`'s next failure after `t`.
    mutating func scheduleFailure(_ n: Int, from t: Int64, _ engine: inout Engine) {
        let delay = models[modelOfNode[n]].timeBetweenFailures.sample(using: &nodeRandom[n])
        engine.schedule(.nodeLifecycle(.nodeFailure(node: Int32(n), generation: generation[n])), at: t + delay)
    }

    /// Schedules the next failure of device `d` of node `n` (first device index `start`) after `t`, if GPU devices
    /// fail in its model.
    mutating func scheduleDeviceFailure(node n: Int, device d: Int, start: Int, from t: Int64, _ engine: inout Engine) {
        guard let distribution = models[modelOfNode[n]].gpuTimeBetweenFailures else { return }
        let delay = distribution.sample(using: &deviceRandom[start + d])
        engine.schedule(
            .nodeLifecycle(.deviceFailure(node: Int32(n), device: Int32(d), generation: 0)), at: t + delay)
    }

    /// Whether an event no longer applies: a failure of a node whose status changed, or any failure once failures
    /// stop (no horizon and every job finished).
    func isStale(_ event: Event, state: borrowing ClusterState, disruptionsContinue: Bool) -> Bool {
        switch event {
        case .nodeFailure(let n, let g): return generation[Int(n)] != g || !disruptionsContinue
        case .deviceFailure: return !disruptionsContinue
        case .nodeRepaired, .deviceRepaired: return false
        }
    }
}
