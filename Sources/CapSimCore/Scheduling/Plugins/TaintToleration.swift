/// TaintToleration and the other static node filters (`tainttoleration/taint_toleration.go`,
/// `nodeunschedulable/node_unschedulable.go`, and the nodeSelector part of `nodeaffinity/node_affinity.go`).
enum StaticNodeFilters {
    /// Why a node is rejected regardless of its load.
    enum Failure: String, Sendable {
        case unschedulable = "node(s) were unschedulable"
        case down = "node(s) were not ready"
        case absent = "node(s) not provisioned"
        case nodeSelector = "node(s) didn't match Pod's node affinity/selector"
        case taint = "node(s) had untolerated taint"
    }

    static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)

    static func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if state.isAbsent[n] { return .absent }
        if state.isDown[n] { return .down }
        if state.isUnschedulable[n] && !pod.tolerations.contains(where: { $0.tolerates(unschedulableTaint) }) {
            return .unschedulable
        }
        return filterIgnoringStatus(pod, node: n, state: state)
    }

    /// The filters that do not depend on the node's current status (down, cordoned): selector, affinity, taints.
    static func filterIgnoringStatus(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if pod.nodeSelector.isEmpty && !pod.hasRequiredAffinity && !state.hasTaints[n] { return nil }
        if !pod.nodeSelector.isEmpty {
            let labels = state.labels[n]
            for (key, value) in pod.nodeSelector where labels[key] != value { return .nodeSelector }
        }
        if pod.hasRequiredAffinity && !pod.affinity.admits(state.labels[n]) { return .nodeSelector }
        for taint in state.taints[n] where taint.effect != .preferNoSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) { return .taint }
        }
        return nil
    }

    /// TaintToleration raw score: the number of `PreferNoSchedule` taints the pod does not tolerate.
    /// Normalized with `DefaultNormalizeScore(reverse: true)`.
    static func intolerablePreferNoSchedule(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        var count: Int64 = 0
        for taint in state.taints[n] where taint.effect == .preferNoSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
        }
        return count
    }
}
