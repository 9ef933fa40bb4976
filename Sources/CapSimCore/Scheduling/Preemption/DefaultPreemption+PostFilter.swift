extension DefaultPreemption: PostFilterPlugin {
    /// `DefaultPreemption`.
    static let name = "DefaultPreemption"

    /// DefaultPreemption's `PostFilter`: finds victims for a pod that fits nowhere, starts their graceful
    /// termination and nominates the node (`Simulation.preempt(for:at:)`).
    ///
    /// - Parameters:
    ///   - pod: Pod id in the run.
    ///   - time: Now, in milliseconds.
    ///   - simulation: The run.
    /// - Returns: The node nominated to the pod, or `nil` when preemption cannot help.
    func postFilter(pod: Int, at time: Int64, in simulation: inout Simulation) -> Int? {
        simulation.preempt(for: pod, at: time)
        let nominated = simulation.pods.nominated[pod]
        return nominated >= 0 ? Int(nominated) : nil
    }
}
