/// Kubernetes upgrades in rolling waves and one-off `kubectl drain`s (`k8s.io/kubectl/pkg/drain`: cordon, evict
/// honouring PodDisruptionBudgets, retry blocked evictions every `EvictErrorRetryDelay`, delete after the timeout).
/// Its handlers are in `Simulation+Maintenance.swift`.
struct MaintenanceController: Sendable {
    /// Events of upgrades and drains.
    enum Event: Sendable {
        /// An upgrade round starts.
        case upgradeRound
        /// Retry blocked evictions on a draining node.
        case drainRetry(node: Int32)
        /// A node finished its upgrade.
        case upgradeDone(node: Int32)
        /// A one-off drain starts.
        case drainStart(index: Int32)
        /// A one-off drain's maintenance window ends: the node is back and uncordoned.
        case drainEnd(index: Int32)
    }

    /// Retry delay for evictions blocked by a PodDisruptionBudget (`EvictErrorRetryDelay` of kubectl drain), ms.
    static let evictionRetryDelay: Int64 = 5_000

    /// Whether each node is being drained (by an upgrade, a one-off drain or a Cluster Autoscaler scale-down).
    var draining: [Bool] = []
    /// When each node's drain started, ms.
    var drainStart: [Int64] = []
    /// Index into `input.drains` of the one-off drain a node is in, or -1 (a rolling upgrade or none).
    var oneOffDrain: [Int] = []
    /// Nodes of the current upgrade round, in order, and the next one to start.
    var upgradeQueue: [Int] = []
    var upgradeQueueHead = 0
    /// Nodes being upgraded now (draining or out of service).
    var upgradesInFlight = 0

    /// No node is draining.
    init(nodeCount: Int) {
        draining = Array(repeating: false, count: nodeCount)
        drainStart = Array(repeating: 0, count: nodeCount)
        oneOffDrain = Array(repeating: -1, count: nodeCount)
    }

    /// Whether an event no longer applies: upgrade rounds stop with the other disruptions.
    static func isStale(_ event: Event, disruptionsContinue: Bool) -> Bool {
        switch event {
        case .upgradeRound: return !disruptionsContinue
        case .drainRetry, .upgradeDone, .drainStart, .drainEnd: return false
        }
    }
}
