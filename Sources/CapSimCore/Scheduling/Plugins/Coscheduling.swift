/// Coscheduling's Permit (kubernetes-sigs/scheduler-plugins `pkg/coscheduling/coscheduling.go`, `Permit` in
/// `core/core.go`): a pod of a gang (PodGroup) is allowed once `minAvailable` pods of the gang have a node, counting
/// itself; until then it waits.
///
/// One value covers one placement attempt of one gang (`Simulation.placeGang`): it counts the gang's pods already
/// running, then each pod placed in the attempt. Upstream a waiting pod times out (`permitWaitingTimeSeconds`);
/// capsim places the whole gang at one instant, so a gang still waiting after its last pod is rejected at once.
struct Coscheduling: PermitPlugin {
    /// `Coscheduling`.
    static let name = "Coscheduling"

    /// The gang's `minAvailable` (`minMember`).
    let minAvailable: Int
    /// Pods of the gang with a node: running ones plus those permitted or waiting in this attempt.
    private(set) var assigned: Int

    /// Starts a placement attempt.
    ///
    /// - Parameters:
    ///   - minAvailable: Pods that must run together.
    ///   - running: Pods of the gang already running (or done).
    init(minAvailable: Int, running: Int) {
        self.minAvailable = minAvailable
        assigned = running
    }

    /// `success` once the gang reaches `minAvailable` with this pod, `wait` before.
    ///
    /// - Parameters:
    ///   - pod: The pod, assumed on `node`.
    ///   - node: Its node.
    ///   - state: Cluster state including the assumed pod.
    /// - Returns: `success` or `wait`.
    mutating func permit(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> PluginStatus {
        assigned += 1
        return assigned >= minAvailable ? .success : PluginStatus(.wait)
    }
}
