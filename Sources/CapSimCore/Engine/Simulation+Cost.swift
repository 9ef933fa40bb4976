extension Simulation {
    // MARK: - Cost accounting

    /// Sizes the allocation ledger: one slot per (workload, pool). Called once before a timed run.
    mutating func prepareAllocationLedger() {
        allocation = AllocationLedger(jobs: input.jobs, poolCount: input.cluster.pools.count)
    }

    /// Books the requests a pod held on its node from its binding until `t`. Call it right before the pod's
    /// resources are released (finish, end of termination, node failure): a terminating pod still holds its
    /// requests, as it does in the allocation integrals.
    ///
    /// - Complexity: O(1), no allocation.
    mutating func accrueAllocation(pod p: Int, until t: Int64) {
        let node = Int(podNode[p])
        guard node >= 0 else { return }
        let j = Int(podJob[p])
        allocation.add(
            job: j, pool: input.cluster.nodes[node].poolIndex, pod: compiled[j], milliseconds: t - podStart[p])
    }

    /// Cost summary metrics (`CostModel`) of a timed run that ended at `end`, or none when the scenario has no
    /// `cost:` section and every pool is free. Pods still holding a node at `end` are booked up to `end`.
    ///
    /// - Parameter end: End of the run, ms.
    /// - Returns: The `cost_*` metrics.
    func costMetrics(end: Int64) -> [SummaryMetric] {
        guard input.cost != nil || input.cluster.pools.contains(where: { $0.pricePerHourUSD > 0 }) else { return [] }
        var ledger = allocation
        for p in 0..<podPhase.count where podPhase[p] == .running || podPhase[p] == .terminating {
            let node = Int(podNode[p])
            guard node >= 0 else { continue }
            let j = Int(podJob[p])
            ledger.add(
                job: j, pool: input.cluster.nodes[node].poolIndex, pod: compiled[j], milliseconds: end - podStart[p])
        }
        let hour = 3_600_000.0
        let span = Double(end) / hour
        // Billed node-time per pool, from provisioning request to removal (all of the run for static pools).
        var pools = CostModel.pools(of: input.cluster, spanHours: span)
        for i in pools.indices where i < dynamics.poolNodeMilliseconds.count {
            pools[i].nodeHours = Double(dynamics.poolNodeMilliseconds[i]) / hour
        }
        let model = CostModel(
            pools: pools, spanHours: span,
            nodeFailures: dynamics.nodeFailures, upgradeRounds: dynamics.upgradeRounds,
            lostWorkGPUHours: Double(dynamics.lostGPUMilliMilliseconds) / 1000 / hour,
            outOfServiceGPUHours: Double(dynamics.outOfServiceGPUMilliMilliseconds) / 1000 / hour,
            workloads: ledger.workloads(), settings: input.cost ?? .init())
        return model.evaluate().summaryMetrics
    }
}

/// Requested resource x time per (workload, pool), exact in integers, for the cost model's allocation.
struct AllocationLedger: Sendable {
    /// Workload names in order of first appearance among the jobs.
    private(set) var workloadNames: [String] = []
    /// Workload index of each job.
    private var jobWorkload: [Int32] = []
    private var poolCount = 0
    /// CPU millicores x ms, at `workload * poolCount + pool`.
    private var cpuMilliMilliseconds: [Int128] = []
    /// Memory bytes x ms, same layout.
    private var memoryByteMilliseconds: [Int128] = []
    /// GPU-milli x ms, same layout.
    private var gpuMilliMilliseconds: [Int128] = []

    /// An empty ledger (before `prepareAllocationLedger`).
    init() {}

    /// A ledger of zeros for these jobs' workloads and `poolCount` pools.
    init(jobs: [JobSpec], poolCount: Int) {
        var index: [String: Int32] = [:]
        jobWorkload.reserveCapacity(jobs.count)
        for job in jobs {
            if let w = index[job.workload] {
                jobWorkload.append(w)
            } else {
                let w = Int32(workloadNames.count)
                index[job.workload] = w
                workloadNames.append(job.workload)
                jobWorkload.append(w)
            }
        }
        self.poolCount = poolCount
        let slots = workloadNames.count * poolCount
        cpuMilliMilliseconds = Array(repeating: 0, count: slots)
        memoryByteMilliseconds = cpuMilliMilliseconds
        gpuMilliMilliseconds = cpuMilliMilliseconds
    }

    /// Adds one pod's requests held for `milliseconds` on a pool.
    mutating func add(job j: Int, pool: Int, pod: CompiledPod, milliseconds: Int64) {
        guard milliseconds > 0, j < jobWorkload.count, pool >= 0, pool < poolCount else { return }
        let slot = Int(jobWorkload[j]) * poolCount + pool
        let dt = Int128(milliseconds)
        cpuMilliMilliseconds[slot] += Int128(pod.cpu) * dt
        memoryByteMilliseconds[slot] += Int128(pod.memory) * dt
        gpuMilliMilliseconds[slot] += Int128(pod.totalGPUMilli) * dt
    }

    /// The ledger as cost-model workloads (core-hours, GiB-hours, GPU-hours per pool).
    func workloads() -> [CostModel.Workload] {
        let hour = 3_600_000.0
        return workloadNames.enumerated().map { w, name in
            let hours = (0..<poolCount).map { pool in
                let slot = w * poolCount + pool
                return CostModel.ResourceHours(
                    cpuCoreHours: Double(cpuMilliMilliseconds[slot]) / 1000 / hour,
                    memoryGiBHours: Double(memoryByteMilliseconds[slot]) / CostModel.gibibyte / hour,
                    gpuHours: Double(gpuMilliMilliseconds[slot]) / 1000 / hour)
            }
            return CostModel.Workload(name: name, hoursByPool: hours)
        }
    }
}
