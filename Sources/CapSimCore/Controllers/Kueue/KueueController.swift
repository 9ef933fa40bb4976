/// Kueue's state (`pkg/cache`, `pkg/queue`): the workloads waiting in each ClusterQueue, the quota each queue uses,
/// and for each job the time it was admitted and the ClusterQueue entry (flavor) it was admitted to. A queued job's
/// pods are created only once it is admitted (`spec.suspend` lifted), as Kueue's jobframework does.
///
/// Each ResourceFlavor of a ClusterQueue is one entry of `queues` (consecutive entries with the same name).
/// Admission runs in `Simulation+KueueAdmission.swift`, preemption in `KueueController+Preemption.swift`.
struct KueueController: Sendable {
    /// The ClusterQueue entries (one per flavor).
    let queues: [ClusterQueueSpec]
    /// Fair sharing (`LessThanOrEqualToFinalShare` / `LessThanInitialShare` for reclaim).
    let fairSharing: Bool
    /// Workloads waiting for admission per ClusterQueue (indexed by the queue's first entry).
    var pending: [[Int32]] = []
    /// Quota in use per entry.
    var usage: [QuotaVector] = []
    /// Admission time per job, ms, or -1.
    var admitted: [Int64] = []
    /// Whether an admission cycle could admit anything new: set whenever a workload is queued, leaves its queue, is
    /// admitted or returns its quota, cleared after a cycle that admitted nothing. A cycle reads only the queues,
    /// admissions, usage and the states of admitted workloads (which change only with their quota), so without
    /// such a change it would admit nothing again; Kueue likewise requeues inadmissible workloads only on a
    /// cluster-queue or workload change (`queue.Manager` `QueueInadmissibleWorkloads`).
    var needsCycle = true
    /// Counts changes of `usage`, so `cachedFlavorFit` knows when its answers are stale.
    private var usageVersion: UInt64 = 0
    private var fitCacheVersion: UInt64 = .max
    private var fitCache: [FitResult] = []
    private var entryRanges: [Range<Int>] = []

    /// A `flavorFit` answer for a queue and a request (what it depends on besides `usage`).
    private struct FitResult {
        var queue: Int
        var request: QuotaVector
        var fits: Bool
        var entry: Int
        var borrows: Bool
    }
    /// The entry a job was admitted to, or -1.
    var flavor: [Int] = []
    /// Each job's pod nodeSelector before any flavor labels.
    let baseNodeSelector: [[(String, String)]]
    /// Requests of each job, all pods.
    private let requests: [QuotaVector]

    /// No queues.
    init() {
        queues = []
        fairSharing = false
        baseNodeSelector = []
        requests = []
    }

    /// Kueue state for `jobs` with the ClusterQueue entries `queues`.
    init(queues: [ClusterQueueSpec], fairSharing: Bool, jobs: [JobSpec], compiled: [CompiledPod]) {
        self.queues = queues
        self.fairSharing = fairSharing
        entryRanges = Self.entryRanges(queues)
        pending = Array(repeating: [], count: queues.count)
        usage = Array(repeating: QuotaVector(), count: queues.count)
        admitted = Array(repeating: -1, count: jobs.count)
        flavor = Array(repeating: -1, count: jobs.count)
        baseNodeSelector = compiled.map(\.nodeSelector)
        requests = zip(jobs, compiled).map { job, pod in
            let n = Int64(job.parallelism)
            return QuotaVector(cpu: pod.cpu * n, memory: pod.memory * n, gpuMilli: pod.totalGPUMilli * n)
        }
    }

    /// Total requests of a job (all pods).
    func request(_ j: Int) -> QuotaVector { requests[j] }

    /// A job waits in its ClusterQueue.
    mutating func enqueue(_ j: Int, queue: Int) {
        pending[queue].append(Int32(j))
        needsCycle = true
    }

    /// A job leaves its ClusterQueue without being admitted.
    mutating func dequeue(_ j: Int, queue: Int) {
        pending[queue].removeAll { $0 == Int32(j) }
        needsCycle = true
    }

    /// Whether a job may have pods: it is admitted, or it does not use a ClusterQueue.
    func isAdmittedOrUnqueued(_ j: Int, _ jobs: [JobSpec]) -> Bool {
        jobs[j].clusterQueue == nil || admitted[j] >= 0
    }

    /// The entries (flavors, in order) of the ClusterQueue whose first entry is `q`.
    func flavorEntries(_ q: Int) -> Range<Int> {
        entryRanges[q]
    }

    /// `flavorEntries` of every entry, computed once (the entries of one ClusterQueue share its name).
    private static func entryRanges(_ queues: [ClusterQueueSpec]) -> [Range<Int>] {
        queues.indices.map { q in
            var end = q + 1
            while end < queues.count && queues[end].name == queues[q].name { end += 1 }
            return q..<end
        }
    }

    /// `flavorFit`, remembered per (queue, request) while the quota usage stays the same: workloads of one
    /// workload share their request, so a cycle over thousands of waiting workloads computes a handful of fits.
    mutating func cachedFlavorFit(job j: Int, queue q: Int) -> (entry: Int, borrows: Bool)? {
        if fitCacheVersion != usageVersion {
            fitCache.removeAll(keepingCapacity: true)
            fitCacheVersion = usageVersion
        }
        let request = requests[j]
        // A linear scan: a run has a handful of distinct requests, and hashing would cost more than the fit.
        for known in fitCache where known.queue == q && known.request == request {
            return known.fits ? (known.entry, known.borrows) : nil
        }
        let fit = flavorFit(job: j, queue: q)
        fitCache.append(
            FitResult(
                queue: q, request: request, fits: fit != nil, entry: fit?.entry ?? -1, borrows: fit?.borrows ?? false))
        return fit
    }

    /// The first flavor of the job's ClusterQueue where it fits (flavorFungibility whenCanBorrow MayStopSearch:
    /// a flavor that fits by borrowing is taken too), and whether it borrows there.
    func flavorFit(job j: Int, queue q: Int) -> (entry: Int, borrows: Bool)? {
        let request = requests[j]
        for e in flavorEntries(q) {
            if let borrows = KueueQuota.fit(request, queue: e, queues: queues, usage: usage) { return (e, borrows) }
        }
        return nil
    }

    /// Records an admission to entry `entry`.
    mutating func admit(_ j: Int, queue q: Int, entry: Int, at t: Int64) {
        usage[entry] = usage[entry] + requests[j]
        flavor[j] = entry
        pending[q].removeAll { $0 == Int32(j) }
        admitted[j] = t
        needsCycle = true
        usageVersion &+= 1
    }

    /// Returns an admitted job's quota (it ended or was evicted).
    mutating func releaseQuota(job j: Int, _ jobs: [JobSpec]) {
        guard jobs[j].clusterQueue != nil, admitted[j] >= 0, flavor[j] >= 0 else { return }
        usage[flavor[j]] = usage[flavor[j]] - requests[j]
        needsCycle = true
        usageVersion &+= 1
    }

    /// A ClusterQueue above its nominal quota plus borrowing limit, or a cohort above its nominal quotas, if any.
    func quotaViolation() -> String? {
        for (q, queue) in queues.enumerated() {
            let limit = queue.borrowingLimit.map { queue.nominal + $0 } ?? .unlimited
            if !usage[q].allSatisfy(limit, <=) { return "ClusterQueue \(queue.name) above nominal + borrowingLimit" }
            if let cohort = queue.cohort {
                var nominal = QuotaVector()
                var used = QuotaVector()
                for (i, other) in queues.enumerated() where other.cohort == cohort {
                    nominal = nominal + other.nominal
                    used = used + usage[i]
                }
                if !used.allSatisfy(nominal, <=) { return "cohort \(cohort) above its nominal quota" }
            }
        }
        return nil
    }

    /// Time waiting for quota (submitted to admitted) apart from time admitted but not yet placeable on a node
    /// (admitted to started), when the scenario has ClusterQueues.
    func metrics(_ specs: [JobSpec], _ jobs: borrowing JobController, evictions: Int) -> [SummaryMetric] {
        guard !queues.isEmpty else { return [] }
        var quotaWait: [Int64] = []
        var placementWait: [Int64] = []
        var waiting = 0
        for j in specs.indices where specs[j].clusterQueue != nil && jobs.arrived[j] {
            if admitted[j] >= 0 {
                quotaWait.append(admitted[j] - jobs.queued[j])
                if jobs.start[j] >= 0 { placementWait.append(jobs.start[j] - admitted[j]) }
            } else if jobs.state[j] == .pending {
                waiting += 1
            }
        }
        quotaWait.sort()
        placementWait.sort()
        func p(_ q: Double, _ values: [Int64]) -> Double {
            Percentile.nearestRank(q, of: values).map { Double($0) / 1000 } ?? .nan
        }
        return [
            SummaryMetric(name: "quota_wait_p50", value: p(50, quotaWait), unit: "s"),
            SummaryMetric(name: "quota_wait_p95", value: p(95, quotaWait), unit: "s"),
            SummaryMetric(name: "admitted_wait_p50", value: p(50, placementWait), unit: "s"),
            SummaryMetric(name: "admitted_wait_p95", value: p(95, placementWait), unit: "s"),
            SummaryMetric(name: "jobs_waiting_for_quota_at_end", value: Double(waiting), unit: "jobs"),
            SummaryMetric(name: "kueue_evictions", value: Double(evictions), unit: "workloads"),
        ]
    }
}
