import CapSimCore
import Foundation

/// When a generated workload submits its jobs, as written in its `arrivals:`.
enum ArrivalProcess: Sendable, Equatable {
    /// One job at each listed time (`at: [0s, 10m]`), in the listed order.
    case explicit(milliseconds: [Int64])
    /// A Poisson process: exponential inter-arrival times with the given mean, `-mean × ln(U)` rounded to whole
    /// milliseconds and at least 1 ms, drawn from the workload's `arrivals/<name>` stream. The first job arrives
    /// one interval after `start`; generation stops after `count` jobs or at the first arrival later than
    /// `until`, whichever comes first.
    case poisson(meanIntervalMilliseconds: Double, count: Int?, startMilliseconds: Int64, untilMilliseconds: Int64?)

    /// Most jobs one workload may generate.
    static let maxJobs = 1_000_000

    /// Submit times in job-index order.
    ///
    /// - Parameter random: The workload's `arrivals/<name>` stream.
    /// - Returns: Submit times in milliseconds, or `nil` when a Poisson process bounded only by `until` would
    ///   generate more than `maxJobs` jobs.
    func submitTimes(using random: inout SeededRandom) -> [Int64]? {
        switch self {
        case .explicit(let times):
            return times
        case .poisson(let mean, let count, let start, let until):
            var times: [Int64] = []
            if let count { times.reserveCapacity(count) }
            var now = start
            while count.map({ times.count < $0 }) ?? true {
                let interval = TimeDistribution.wholeMilliseconds(-mean * log(random.nextUnitOpen()))
                let (next, overflow) = now.addingReportingOverflow(interval)
                now = overflow ? .max : next
                if let until, now > until { break }
                if times.count == Self.maxJobs { return nil }
                times.append(now)
            }
            return times
        }
    }
}
