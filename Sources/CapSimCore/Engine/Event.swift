/// An event of a timed run. Each case carries the event type of the controller that owns it, and the run loop
/// routes it there (`Simulation.dispatch`); enum routing keeps the hot loop free of dynamic dispatch.
enum Event: Sendable {
    /// Job controller: arrivals, pods finishing, terminating, failing, restarting or being replaced.
    case job(JobController.Event)
    /// kube-scheduler's scheduling queue: backoff expiries and unschedulable-pool flushes.
    case queue(SchedulingQueue.Event)
    /// Node lifecycle: node and GPU-device failures and repairs.
    case nodeLifecycle(NodeLifecycleController.Event)
    /// Maintenance: upgrade rounds and node drains.
    case maintenance(MaintenanceController.Event)
    /// Cluster Autoscaler: scan loop and nodes becoming Ready.
    case autoscaler(ClusterAutoscalerController.Event)
    /// Inference services: traffic evaluation and HPA sync.
    case inference(InferenceController.Event)
}
