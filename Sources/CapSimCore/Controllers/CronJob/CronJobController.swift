/// The CronJob controller's concurrency policy (`pkg/controller/cronjob/cronjob_controllerv2.go`, `syncCronJob`):
/// when a run is due while the previous one is still active, `Allow` starts it anyway, `Forbid` skips it and
/// `Replace` stops the previous run first. The runs themselves are jobs generated from the schedule by the scenario
/// loader; this controller only remembers each CronJob's latest run.
struct CronJobController: Sendable {
    /// What to do with a run that is due.
    enum Decision: Equatable, Sendable {
        /// Start it.
        case start
        /// Skip it: the given previous run is still active (Forbid).
        case skip(previous: Int)
        /// Stop the given previous run, then start this one (Replace).
        case replace(previous: Int)
    }

    /// Latest started run (job index) of each CronJob.
    private var latest: [Int32: Int] = [:]

    /// Decides about run `j` of CronJob `cron` and, unless it is skipped, records it as the latest run.
    mutating func admit(_ j: Int, cron: Int32, policy: ConcurrencyPolicy, jobs: borrowing JobController) -> Decision {
        var decision = Decision.start
        if let previous = latest[cron], jobs.isActive(previous) {
            switch policy {
            case .allow: break
            case .forbid: return .skip(previous: previous)
            case .replace: decision = .replace(previous: previous)
            }
        }
        latest[cron] = j
        return decision
    }
}
