/// Requested resource x time per (workload, pool), exact in integers, for the cost model's allocation (OpenCost
/// allocates to a workload what its pods requested while they held a node). Booked by `Simulation.unbind` for every
/// pod that leaves a node, and by `costMetrics` for pods still bound at the end.
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

    /// An empty ledger (before a timed run starts).
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
