/// What the controllers report over a run: disruptions, evictions, lost work and node-time (the recorder the
/// summary metrics are computed from; `DynamicsSummary`).
struct DisruptionCounters: Sendable {
    var nodeFailures = 0
    var podsInterrupted = 0
    var upgradeRounds = 0
    var nodeUpgrades = 0
    var drainEvictions = 0
    var forcedDeletions = 0
    /// Work lost since the last checkpoint, GPU-milli x ms.
    var lostGPUMilliMilliseconds: Int128 = 0
    /// Work lost, pod x ms.
    var lostPodMilliseconds: Int128 = 0
    /// GPUs of down nodes x time, GPU-milli x ms.
    var outOfServiceGPUMilliMilliseconds: Int128 = 0
    /// Nodes down x time, node x ms.
    var downNodeMilliseconds: Int128 = 0
    /// Provisioned or provisioning nodes x time per pool, node x ms (node-hours for infrastructure cost: a node
    /// counts from the scale-up request until its removal).
    var poolNodeMilliseconds: [Int128] = []
    var gpuDeviceFailures = 0
    var kueueEvictions = 0
    var scaleUps = 0
    var scaleDownEvictions = 0
    var nodesAdded = 0
    var nodesRemoved = 0
    /// Pods evicted by DefaultPreemption.
    var preemptedPods = 0

    /// Adds the node-time per pool, the GPU capacity and the nodes out of service over `[from, to)`.
    ///
    /// - Parameters:
    ///   - from: Start of the interval, ms.
    ///   - to: End of the interval, ms.
    ///   - state: The cluster during the interval.
    ///   - activeNodes: Provisioned or provisioning nodes per pool (billed node-time).
    mutating func accountDowntime(from: Int64, to: Int64, state: borrowing ClusterState, activeNodes: [Int64]) {
        guard to > from else { return }
        for pool in activeNodes.indices {
            poolNodeMilliseconds[pool] += Int128(activeNodes[pool]) * Int128(to - from)
        }
        if state.brokenGPUMilli > 0 {
            outOfServiceGPUMilliMilliseconds += Int128(state.brokenGPUMilli) * Int128(to - from)
        }
        guard state.downNodes > 0 else { return }
        outOfServiceGPUMilliMilliseconds += Int128(state.downGPUMilli) * Int128(to - from)
        downNodeMilliseconds += Int128(state.downNodes) * Int128(to - from)
    }
}

/// Summary metrics of failures, upgrades and lost work.
enum DynamicsSummary {
    static func metrics(_ d: DisruptionCounters, input: SimulationInput) -> [SummaryMetric] {
        guard
            !input.failures.isEmpty || input.maintenance != nil || !input.drains.isEmpty || d.podsInterrupted > 0
                || d.lostPodMilliseconds > 0 || input.cluster.pools.contains(where: \.isAutoscaled)
        else { return [] }
        let hour = 3_600_000.0
        var autoscaling: [SummaryMetric] = []
        if input.cluster.pools.contains(where: \.isAutoscaled) {
            autoscaling = [
                SummaryMetric(name: "autoscaler_scale_ups", value: Double(d.scaleUps), unit: "scale-ups"),
                SummaryMetric(name: "autoscaler_nodes_added", value: Double(d.nodesAdded), unit: "nodes"),
                SummaryMetric(name: "autoscaler_nodes_removed", value: Double(d.nodesRemoved), unit: "nodes"),
                SummaryMetric(name: "autoscaler_evictions", value: Double(d.scaleDownEvictions), unit: "pods"),
                SummaryMetric(
                    name: "node_hours", value: Double(d.poolNodeMilliseconds.reduce(0, +)) / hour, unit: "node-h"),
            ]
        }
        return autoscaling + [
            SummaryMetric(name: "node_failures", value: Double(d.nodeFailures), unit: "failures"),
            SummaryMetric(name: "gpu_device_failures", value: Double(d.gpuDeviceFailures), unit: "failures"),
            SummaryMetric(name: "upgrade_rounds", value: Double(d.upgradeRounds), unit: "rounds"),
            SummaryMetric(name: "node_upgrades", value: Double(d.nodeUpgrades), unit: "nodes"),
            SummaryMetric(name: "drain_evictions", value: Double(d.drainEvictions), unit: "pods"),
            SummaryMetric(name: "drain_forced_deletions", value: Double(d.forcedDeletions), unit: "pods"),
            SummaryMetric(name: "pods_interrupted", value: Double(d.podsInterrupted), unit: "pods"),
            SummaryMetric(
                name: "lost_work_gpu_hours", value: Double(d.lostGPUMilliMilliseconds) / 1000 / hour, unit: "GPU-h"),
            SummaryMetric(name: "lost_work_pod_hours", value: Double(d.lostPodMilliseconds) / hour, unit: "pod-h"),
            SummaryMetric(
                name: "out_of_service_gpu_hours", value: Double(d.outOfServiceGPUMilliMilliseconds) / 1000 / hour,
                unit: "GPU-h"),
            SummaryMetric(
                name: "out_of_service_node_hours", value: Double(d.downNodeMilliseconds) / hour, unit: "node-h"),
        ]
    }
}
