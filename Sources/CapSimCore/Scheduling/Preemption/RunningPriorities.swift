/// How many running pods there are of each priority, so DefaultPreemption can tell at once that no pod could be a
/// victim: kube-scheduler's `SelectVictimsOnNode` only removes pods of lower priority than the preemptor, so when
/// every running pod has a priority at least the preemptor's, no node yields victims.
///
/// Kept by the bind and unbind paths (`Simulation+Binding.swift`). Priorities are few (PriorityClasses), so a
/// sorted array is enough.
struct RunningPriorities: Sendable {
    /// Distinct priorities with running pods, ascending.
    private var priorities: [Int32] = []
    /// Running pods of each priority in `priorities`.
    private var counts: [Int] = []

    /// The lowest priority of any running pod, or `nil` when none runs.
    var lowest: Int32? { priorities.first }

    /// A pod of `priority` started running.
    ///
    /// - Complexity: O(*k*) for *k* distinct priorities.
    mutating func add(_ priority: Int32) {
        var i = 0
        while i < priorities.count && priorities[i] < priority { i += 1 }
        if i < priorities.count && priorities[i] == priority {
            counts[i] += 1
        } else {
            priorities.insert(priority, at: i)
            counts.insert(1, at: i)
        }
    }

    /// A pod of `priority` stopped running.
    ///
    /// - Precondition: A running pod of that priority was added.
    /// - Complexity: O(*k*) for *k* distinct priorities.
    mutating func remove(_ priority: Int32) {
        guard let i = priorities.firstIndex(of: priority) else {
            preconditionFailure("no running pod of priority \(priority)")
        }
        counts[i] -= 1
        if counts[i] == 0 {
            priorities.remove(at: i)
            counts.remove(at: i)
        }
    }
}
