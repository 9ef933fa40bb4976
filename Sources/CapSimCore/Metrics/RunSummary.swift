/// Summary metrics of a timed run. Names, units and definitions are listed in README ("Metrics").
enum TimedSummary {
    static func metrics(
        jobs allJobs: [JobRecord], input: SimulationInput, state: ClusterState, integrals: Integrals, end: Int64,
        peakPending: Int, preemptedPods: Int
    ) -> [SummaryMetric] {
        // Jobs whose submit time lies after the end of the run were never submitted: they are counted apart.
        let jobs = allJobs.filter { $0.submitMilliseconds <= end }
        var out: [SummaryMetric] = []
        func add(_ name: String, _ value: Double, _ unit: String) {
            out.append(.init(name: name, value: value, unit: unit))
        }
        func count(_ s: JobState) -> Double { Double(jobs.lazy.filter { $0.state == s }.count) }
        // Time-weighted over the run, so autoscaled pools count for the time their nodes existed.
        let span = Double(max(end, 1))
        add("nodes", end > 0 ? Double(integrals.nodes) / span : Double(state.presentNodes), "nodes")
        add(
            "gpu_capacity", end > 0 ? Double(integrals.gpuCapacity) / span / 1000 : Double(state.totalGPUMilli) / 1000,
            "GPUs")
        add("jobs_submitted", Double(jobs.count), "jobs")
        add("jobs_succeeded", count(.succeeded), "jobs")
        add("jobs_running_at_end", count(.running), "jobs")
        add("jobs_pending_at_end", count(.pending), "jobs")
        add("jobs_unplaceable", count(.unplaceable), "jobs")
        if allJobs.count > jobs.count { add("jobs_not_yet_submitted", Double(allJobs.count - jobs.count), "jobs") }
        if input.jobs.contains(where: { $0.failsAfterMilliseconds != nil }) {
            add("jobs_failed", count(.failed), "jobs")
        }
        if input.jobs.contains(where: { $0.cronJob != nil }) {
            add("jobs_skipped", count(.skipped), "jobs")
            add("jobs_replaced", count(.replaced), "jobs")
        }
        add("pods_submitted", Double(jobs.reduce(0) { $0 + Int($1.pods) }), "pods")
        let queue = jobs.compactMap(\.queueMilliseconds).sorted()
        let jct = jobs.compactMap(\.completionMilliseconds).sorted()
        // No samples (no job started or finished) gives NaN, shown as n/a, never a misleading 0.
        // Summed in Int128: a million queue times near the 2^62 ms limit would overflow Int64.
        let queueMean =
            queue.isEmpty ? .nan : Double(queue.reduce(Int128(0)) { $0 + Int128($1) }) / Double(queue.count) / 1000
        add("queue_time_mean", queueMean, "s")
        for p in [50.0, 90, 95, 99] {
            add("queue_time_p\(Int(p))", Percentile.nearestRank(p, of: queue).map { Double($0) / 1000 } ?? .nan, "s")
        }
        for p in [50.0, 90, 95, 99] {
            add("jct_p\(Int(p))", Percentile.nearestRank(p, of: jct).map { Double($0) / 1000 } ?? .nan, "s")
        }
        let firstSubmit = jobs.map(\.submitMilliseconds).min() ?? 0
        let lastEnd = jobs.compactMap(\.endMilliseconds).max()
        add("makespan", lastEnd.map { Double($0 - firstSubmit) / 1000 } ?? .nan, "s")
        add("gpu_allocation_mean", Integrals.meanPercent(integrals.gpu, capacity: integrals.gpuCapacity), "%")
        add("gpu_allocation_peak", integrals.gpuPeakPercent, "%")
        add("gpu_utilization_mean", Integrals.meanPercent(integrals.gpuBusy, capacity: integrals.gpuCapacity), "%")
        add("cpu_allocation_mean", Integrals.meanPercent(integrals.cpu, capacity: integrals.cpuCapacity), "%")
        add("memory_allocation_mean", Integrals.meanPercent(integrals.memory, capacity: integrals.memoryCapacity), "%")
        add("pending_pods_peak", Double(peakPending), "pods")
        add("pods_preempted", Double(preemptedPods), "pods")
        add("simulated_time", Double(end) / 1000, "s")
        // Per workload (team): queue time, so a shared cluster can be judged team by team.
        var workloads: [String] = []
        for job in jobs where !workloads.contains(job.workload) { workloads.append(job.workload) }
        if workloads.count > 1 {
            for workload in workloads {
                let waits = jobs.lazy.filter { $0.workload == workload }.compactMap(\.queueMilliseconds).sorted()
                for p in [50.0, 95] {
                    add(
                        "queue_time_p\(Int(p))_\(workload)",
                        Percentile.nearestRank(p, of: waits).map { Double($0) / 1000 } ?? .nan, "s")
                }
            }
        }
        return out
    }
}

/// Summary metrics of an arrival-only packing run.
enum PackingSummary {
    static func metrics(
        jobs: [JobRecord], state: ClusterState, curve: PackingCurve, rejected: Int, unplaceable: Int,
        firstRejectionArrived: Double?, fragmentation: FragmentationCurve? = nil
    ) -> [SummaryMetric] {
        var out: [SummaryMetric] = []
        func add(_ name: String, _ value: Double, _ unit: String) {
            out.append(.init(name: name, value: value, unit: unit))
        }
        add("nodes", Double(state.nodeCount), "nodes")
        add("gpu_capacity", Double(state.totalGPUMilli) / 1000, "GPUs")
        add("pods_arrived", Double(jobs.count), "pods")
        add("pods_placed", Double(jobs.count - rejected - unplaceable), "pods")
        add("pods_rejected", Double(rejected), "pods")
        add("pods_unplaceable", Double(unplaceable), "pods")
        add("gpu_requested_arrived", Double(curve.arrivedMilli) / 1000, "GPUs")
        add("gpu_requested_arrived_ratio", percent(curve.arrivedMilli, state.totalGPUMilli), "%")
        add("gpu_allocated", Double(state.usedGPUMilli) / 1000, "GPUs")
        add("gpu_allocation_final", percent(state.usedGPUMilli, state.totalGPUMilli), "%")
        for k in [90, 100, 110, 120, 130] {
            if let a = curve.allocation(atPercent: k) { add("gpu_allocation_at_\(k)pct_arrived", a, "%") }
        }
        add("cpu_allocation_final", percent(state.usedCPU, state.totalCPU), "%")
        add("memory_allocation_final", percent(state.usedMemory, state.totalMemory), "%")
        add("first_rejection_arrived", firstRejectionArrived ?? -1, "%")
        for k in [100, 110, 120, 130] {
            if let f = fragmentation?.fragmentation(atPercent: k) {
                add("gpu_fragmentation_at_\(k)pct_arrived", f, "%")
            }
        }
        return out
    }
}
