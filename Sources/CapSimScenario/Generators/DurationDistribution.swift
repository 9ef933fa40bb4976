import CapSimCore
import Foundation

/// How long each generated job's pods run, as written in a workload's `duration:`.
///
/// Every sample is rounded to whole milliseconds (`.rounded()`, half away from zero) and is at least 1 ms.
/// `U` is `SeededRandom.nextUnitOpen()` (uniform in (0, 1)) and `Z` is `SeededRandom.nextGaussian()`.
enum DurationDistribution: Sendable, Equatable {
    /// Always the same duration (`duration: 2h` or `{constant: 2h}`); draws nothing.
    case constant(milliseconds: Int64)
    /// Exponential with the given mean: `-mean × ln(U)` (one draw).
    case exponential(meanMilliseconds: Int64)
    /// Log-normal with the given median and shape: `median × exp(sigma × Z)` (two draws, Box-Muller).
    case lognormal(medianMilliseconds: Int64, sigma: Double)
    /// Uniform between two durations: `min + U × (max - min)` (one draw).
    case uniform(minMilliseconds: Int64, maxMilliseconds: Int64)
    /// One of the listed durations, each equally likely (`SeededRandom.nextIndex(below:)`, one draw).
    case empirical(milliseconds: [Int64])

    /// Draws one duration.
    ///
    /// - Parameter random: The workload's `durations/<name>` stream.
    /// - Returns: Milliseconds, at least 1.
    func sample(using random: inout SeededRandom) -> Int64 {
        switch self {
        case .constant(let milliseconds):
            return max(1, milliseconds)
        case .exponential(let mean):
            return Self.wholeMilliseconds(-Double(mean) * log(random.nextUnitOpen()))
        case .lognormal(let median, let sigma):
            return Self.wholeMilliseconds(Double(median) * exp(sigma * random.nextGaussian()))
        case .uniform(let low, let high):
            return Self.wholeMilliseconds(Double(low) + random.nextUnitOpen() * Double(high - low))
        case .empirical(let values):
            return max(1, values[random.nextIndex(below: values.count)])
        }
    }

    /// Rounds a sampled value to whole milliseconds, at least 1 and at most `Int64.max / 4` (so sums of a few
    /// durations cannot overflow).
    static func wholeMilliseconds(_ value: Double) -> Int64 {
        let limit = Double(Int64.max / 4)
        guard value.isFinite else { return Int64.max / 4 }
        return Int64(min(max(value.rounded(), 1), limit))
    }
}
