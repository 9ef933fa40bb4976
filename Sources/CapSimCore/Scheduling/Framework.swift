/// The extension points of kube-scheduler's scheduling framework, as `pkg/scheduler/framework/interface.go` declares
/// them (newer releases keep the same interfaces in `staging/src/k8s.io/kube-scheduler/framework/interface.go`).
///
/// One scheduling cycle runs, for one pod: PreFilter once, Filter on each node until enough feasible nodes are found,
/// PostFilter when none is, PreScore once and Score (then NormalizeScore) on the feasible nodes, Reserve on the
/// chosen node, then Permit before binding. `Scheduler` runs the plugins of a `SchedulerProfile`; DefaultPreemption
/// (PostFilter) runs from `Simulation.schedulingPass` and Coscheduling (Permit) from `Simulation.placeGang`.
///
/// Plugins are concrete values (structs) and the framework calls them through generics, never through an
/// existential, so the per-node Filter and Score loops are direct (inlinable) calls. Where upstream passes a
/// `CycleState` and a `NodeInfo`, capsim passes the pod compiled against the cluster (`CompiledPod`) and the node's
/// index into the struct-of-arrays `ClusterState`.
protocol SchedulerPlugin: Sendable {
    /// The plugin's name as a profile lists it (`Plugin.Name()`), for example `NodeResourcesFit`.
    static var name: String { get }
}

/// The outcome of one plugin at one extension point (`Status` and `Code` in `interface.go`).
///
/// Upstream carries a list of reasons, an error and the name of the failing plugin; capsim carries one reason. Filter
/// plugins do not build a status for every node: they return their `FilterFailure`, and `status` turns it into one.
struct PluginStatus: Sendable, Equatable {
    /// The kind of outcome (`Code`). Upstream's `Error` and `Pending` have no use here: capsim's plugins cannot fail
    /// internally and none waits for an external component.
    enum Code: UInt8, Sendable, Equatable {
        /// The plugin ran and found the pod schedulable (`Success`; upstream also reads a nil status as this).
        case success
        /// The pod does not fit, but PostFilter (preemption) might make room (`Unschedulable`).
        case unschedulable
        /// The pod does not fit and preemption would not change that (`UnschedulableAndUnresolvable`).
        case unschedulableAndUnresolvable
        /// Permit: hold the pod until other pods arrive (`Wait`).
        case wait
        /// PreFilter or PreScore: the plugin has nothing to do for this pod, so its Filter or Score is skipped for
        /// the cycle (`Skip`).
        case skip
    }

    /// The outcome.
    var code: Code
    /// Why the pod was rejected, in kube-scheduler's wording; empty unless rejected.
    var reason: String

    /// Creates a status.
    ///
    /// - Parameters:
    ///   - code: The outcome.
    ///   - reason: Why the pod was rejected (empty for success, wait and skip).
    init(_ code: Code, reason: String = "") {
        self.code = code
        self.reason = reason
    }

    /// The plugin found the pod schedulable.
    static let success = PluginStatus(.success)
    /// The plugin has nothing to do for this pod.
    static let skip = PluginStatus(.skip)

    /// Whether the code is `success` (`IsSuccess`).
    var isSuccess: Bool { code == .success }
    /// Whether the code is `skip` (`IsSkip`).
    var isSkip: Bool { code == .skip }
    /// Whether the plugin rejected the pod (`IsRejected`).
    var isRejected: Bool { code == .unschedulable || code == .unschedulableAndUnresolvable }
}

/// Why a Filter plugin rejects a node: a small value (usually a `String`-backed enum) that names the reason only when
/// asked, so the per-node loop passes no strings around.
protocol FilterFailure: Sendable, Equatable {
    /// The reason in kube-scheduler's wording, for example `Insufficient cpu`.
    var reason: String { get }
    /// `unschedulable` when preemption could help, `unschedulableAndUnresolvable` when it could not.
    var code: PluginStatus.Code { get }
}

extension FilterFailure {
    /// The rejection as a status.
    var status: PluginStatus { PluginStatus(code, reason: reason) }
}

extension FilterFailure where Self: RawRepresentable, RawValue == String {
    /// The raw value.
    var reason: String { rawValue }
}

/// Something that filters nodes for a pod: one Filter plugin, or several run in order (`FilterChain`).
protocol NodeFilter: Sendable {
    /// Why a node is rejected.
    associatedtype Failure: FilterFailure

    /// The names of the Filter plugins run, in order.
    static var pluginNames: [String] { get }

    /// Whether the pod may run on a node (`FilterPlugin.Filter`).
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - node: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when the node passes (`Success`), otherwise why it does not.
    func filter(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> Failure?
}

/// PreFilter (`PreFilterPlugin`): runs once per cycle before any node is filtered. Returning `skip` tells the
/// framework the plugin's Filter has nothing to check for this pod; a rejection makes the pod unschedulable at once.
protocol PreFilterPlugin: SchedulerPlugin {
    /// Prepares the cycle for a pod.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `success`, `skip`, or a rejection.
    func preFilter(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus
}

/// Filter (`FilterPlugin`): whether a pod may run on one node, called for each node the cycle examines.
protocol FilterPlugin: SchedulerPlugin, NodeFilter {}

extension FilterPlugin {
    /// The plugin's own name.
    static var pluginNames: [String] { [name] }
}

/// PostFilter (`PostFilterPlugin`): runs when no node passed Filter, to make one feasible (DefaultPreemption evicts
/// lower-priority pods and nominates the node). It acts on the whole simulation, since it evicts pods.
protocol PostFilterPlugin: SchedulerPlugin {
    /// Tries to make room for a pod that fits nowhere.
    ///
    /// - Parameters:
    ///   - pod: Pod id in the run.
    ///   - time: Now, in milliseconds.
    ///   - simulation: The run.
    /// - Returns: The node nominated to the pod (`PostFilterResult.NominatingInfo`), or `nil`.
    func postFilter(pod: Int, at time: Int64, in simulation: inout Simulation) -> Int?
}

/// PreScore (`PreScorePlugin`): runs once per cycle on the feasible nodes before scoring; `skip` means the plugin's
/// Score is not run (and counts 0) for this pod.
protocol PreScorePlugin: SchedulerPlugin {
    /// Prepares scoring for a pod.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `success` or `skip`.
    func preScore(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus
}

/// Score (`ScorePlugin`) with its `ScoreExtensions.NormalizeScore`: ranks the feasible nodes. The framework scores
/// every feasible node, normalizes the list, multiplies by the plugin's weight and adds it to the node's total.
protocol ScorePlugin: SchedulerPlugin {
    /// The raw score of one feasible node.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - node: Node index.
    ///   - state: Cluster state.
    /// - Returns: The score; 0...100 unless `normalizeScore` rescales it.
    func score(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> Int64

    /// Rescales the raw scores of all feasible nodes to 0...100 in place (`NormalizeScore`); plugins without
    /// `ScoreExtensions` leave them as they are.
    ///
    /// - Parameter scores: One raw score per feasible node.
    func normalizeScore(_ scores: inout [Int64])
}

extension ScorePlugin {
    /// `DefaultNormalizeScore(MaxNodeScore, reverse, scores)` (`pkg/scheduler/framework/plugins/helper/
    /// normalize_score.go`): `score × 100 / max`, or `100 − score × 100 / max` when reversed; when the largest score
    /// is 0 the scores are left as they are, or all set to 100 when reversed.
    ///
    /// - Parameters:
    ///   - scores: Raw scores, rescaled in place.
    ///   - reverse: Whether a lower raw score is better.
    static func defaultNormalizeScore(_ scores: inout [Int64], reverse: Bool) {
        var maxCount: Int64 = 0
        for s in scores where s > maxCount { maxCount = s }
        if maxCount == 0 {
            if reverse {
                for i in scores.indices { scores[i] = 100 }
            }
            return
        }
        for i in scores.indices {
            let s = 100 * scores[i] / maxCount
            scores[i] = reverse ? 100 - s : s
        }
    }
}

/// Reserve (`ReservePlugin`): claims what the pod needs on the chosen node before it is bound. capsim's Reserve
/// plugins are the GPU-sharing policies, whose reservation is the choice of GPU devices (the Open-Gpu-Share plugin's
/// Reserve in hkust-adsl/kubernetes-scheduler-simulator). Binding cannot fail after Reserve here, so there is no
/// `Unreserve`.
protocol ReservePlugin: SchedulerPlugin {
    /// The devices the pod takes on the chosen node.
    ///
    /// - Parameters:
    ///   - pod: The pod about to be bound.
    ///   - node: The chosen node.
    ///   - state: Cluster state before the bind.
    /// - Returns: Node-local device indices as a bit mask, or `nil` for the default choice.
    mutating func reserve(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64?
}

/// Permit (`PermitPlugin`): the last step before binding; it may allow the pod, make it wait for others (a gang), or
/// reject it.
protocol PermitPlugin: SchedulerPlugin {
    /// Decides whether a pod that has a node may be bound.
    ///
    /// - Parameters:
    ///   - pod: The pod, placed on `node` in `state` (assumed, not yet bound).
    ///   - node: Its node.
    ///   - state: Cluster state including the assumed pod.
    /// - Returns: `success` to bind now (and every waiting pod of its group), `wait` to hold it, or a rejection.
    mutating func permit(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> PluginStatus
}
