/// The status of every PodDisruptionBudget: the budget of each pod, and per budget its running (healthy) and
/// terminating pods, as the disruption controller computes them (`pkg/controller/disruption`,
/// `getExpectedPodCount` and `updatePdbStatus`).
struct DisruptionBudgets: Sendable {
    /// The budgets of the run.
    private(set) var specs: [PodDisruptionBudget] = []
    /// Budget index of each pod, or -1 when no budget selects it.
    private(set) var ofPod: [Int32] = []
    /// Running pods per budget (`currentHealthy`).
    private(set) var running: [Int] = []
    /// Pods per budget that are terminating (evicted, still holding their node).
    private(set) var terminating: [Int] = []

    /// No budgets.
    init() {}

    /// Budgets matched to pods by workload name (the first budget of a workload wins).
    init(_ budgets: [PodDisruptionBudget], jobs: [JobSpec], podJob: [Int32]) {
        specs = budgets
        let index = Dictionary(
            budgets.enumerated().map { ($1.workload, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        ofPod = podJob.map { index[jobs[Int($0)].workload] ?? -1 }
        running = Array(repeating: 0, count: budgets.count)
        terminating = running
    }

    /// `status.disruptionsAllowed` of budget `i` now: `currentHealthy - minAvailable`, or
    /// `maxUnavailable - terminating` (pods).
    func disruptionsAllowed(budget i: Int) -> Int {
        let budget = specs[i]
        if let minAvailable = budget.minAvailable { return running[i] - minAvailable }
        return (budget.maxUnavailable ?? 0) - terminating[i]
    }

    /// `disruptionsAllowed` of every budget, in order (DefaultPreemption's `filterPodsWithPDBViolation` input).
    var allowed: [Int] { specs.indices.map(disruptionsAllowed(budget:)) }

    /// A pod of the budget started running.
    mutating func podStarted(_ p: Int) {
        if ofPod[p] >= 0 { running[Int(ofPod[p])] += 1 }
    }

    /// A running pod of the budget stopped (left its node or began terminating).
    mutating func podStopped(_ p: Int) {
        if ofPod[p] >= 0 { running[Int(ofPod[p])] -= 1 }
    }

    /// A pod of the budget began terminating.
    mutating func terminationStarted(_ p: Int) {
        if ofPod[p] >= 0 { terminating[Int(ofPod[p])] += 1 }
    }

    /// A terminating pod of the budget left its node.
    mutating func terminationEnded(_ p: Int) {
        if ofPod[p] >= 0 { terminating[Int(ofPod[p])] -= 1 }
    }
}
