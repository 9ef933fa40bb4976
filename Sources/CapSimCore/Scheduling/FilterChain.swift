/// Filter plugins run one after another on a node, as the framework runs a profile's Filter list
/// (`RunFilterPlugins`, `pkg/scheduler/framework/runtime/framework.go`): the node passes when every plugin admits it,
/// and the first rejection is the node's status.
///
/// A chain is one concrete type, built with `then`, so the per-node loop calls every plugin directly:
/// `NodeUnschedulable().then(NodeAffinityPlugin()).then(TaintToleration())`.
struct FilterChain<First: NodeFilter, Second: NodeFilter>: NodeFilter {
    /// The rejection of whichever part rejected the node.
    enum Failure: FilterFailure {
        /// Rejected by the first part.
        case first(First.Failure)
        /// Rejected by the second part.
        case second(Second.Failure)

        /// The rejecting plugin's reason.
        var reason: String {
            switch self {
            case .first(let f): f.reason
            case .second(let f): f.reason
            }
        }

        /// The rejecting plugin's code.
        var code: PluginStatus.Code {
            switch self {
            case .first(let f): f.code
            case .second(let f): f.code
            }
        }
    }

    /// Runs first.
    var first: First
    /// Runs on the nodes `first` admits.
    var second: Second

    /// Both parts' plugin names, in order.
    static var pluginNames: [String] { First.pluginNames + Second.pluginNames }

    /// Runs `first`, then `second`.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - node: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when both admit the node, otherwise the first rejection.
    @inline(__always)
    func filter(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> Failure? {
        if let f = first.filter(pod, node: node, state: state) { return .first(f) }
        if let f = second.filter(pod, node: node, state: state) { return .second(f) }
        return nil
    }
}

extension NodeFilter {
    /// This filter followed by another.
    ///
    /// - Parameter next: Runs on the nodes this filter admits.
    /// - Returns: The chain of both.
    func then<Next: NodeFilter>(_ next: Next) -> FilterChain<Self, Next> {
        FilterChain(first: self, second: next)
    }
}
