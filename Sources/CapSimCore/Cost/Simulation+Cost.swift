extension Simulation {
    /// Cost summary metrics (`CostModel`) of a timed run that ended at `end`, or none when the scenario has no
    /// `cost:` section and every pool is free. Pods still holding a node at `end` are booked up to `end`.
    ///
    /// - Parameter end: End of the run, ms.
    /// - Returns: The `cost_*` metrics.
    func costMetrics(end: Int64) -> [SummaryMetric] {
        guard input.cost != nil || input.cluster.pools.contains(where: { $0.pricePerHourUSD > 0 }) else { return [] }
        var ledger = allocation
        for p in 0..<pods.count where pods.phase[p] == .running || pods.phase[p] == .terminating {
            let node = Int(pods.node[p])
            guard node >= 0 else { continue }
            let j = Int(pods.job[p])
            ledger.add(
                job: j, pool: input.cluster.nodes[node].poolIndex, pod: compiled[j], milliseconds: end - pods.start[p])
        }
        let hour = 3_600_000.0
        let span = Double(end) / hour
        // Billed node-time per pool, from provisioning request to removal (all of the run for static pools).
        var pools = CostModel.pools(of: input.cluster, spanHours: span)
        for i in pools.indices where i < counters.poolNodeMilliseconds.count {
            pools[i].nodeHours = Double(counters.poolNodeMilliseconds[i]) / hour
        }
        let model = CostModel(
            pools: pools, spanHours: span,
            nodeFailures: counters.nodeFailures, upgradeRounds: counters.upgradeRounds,
            lostWorkGPUHours: Double(counters.lostGPUMilliMilliseconds) / 1000 / hour,
            outOfServiceGPUHours: Double(counters.outOfServiceGPUMilliMilliseconds) / 1000 / hour,
            workloads: ledger.workloads(), settings: input.cost ?? .init())
        return model.evaluate().summaryMetrics
    }
}
