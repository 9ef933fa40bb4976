import Foundation

/// A distribution of durations in milliseconds, sampled from a seeded stream.
///
/// Formulas (U uniform in (0, 1), Z standard normal): exponential `-mean * ln(U)`; Weibull
/// `scale * (-ln U)^(1/shape)`; lognormal `median * exp(sigma * Z)`; uniform `min + U * (max - min)`; empirical: one
/// of the values, each equally likely; all rounded to whole milliseconds, at least 1 ms (and at most 2^61 ms, so a
/// wild draw cannot overflow the clock).
public enum TimeDistribution: Sendable, Equatable {
    /// Always the same value, ms.
    case constant(Int64)
    /// Exponential with this mean, ms (memoryless failures).
    case exponential(meanMilliseconds: Int64)
    /// Weibull with shape k and scale λ in ms (k < 1: infant mortality, k > 1: wear-out).
    case weibull(shape: Double, scaleMilliseconds: Int64)
    /// Lognormal with this median (ms) and sigma.
    case lognormal(medianMilliseconds: Int64, sigma: Double)
    /// Uniform between two values, ms.
    case uniform(minMilliseconds: Int64, maxMilliseconds: Int64)
    /// One of these values (ms), each equally likely; at least one value.
    case empirical([Int64])

    /// Draws one duration.
    ///
    /// - Parameter random: The stream to draw from.
    /// - Returns: Milliseconds, >= 1.
    public func sample(using random: inout SeededRandom) -> Int64 {
        let value: Double
        switch self {
        case .constant(let ms): return max(1, ms)
        case .empirical(let values): return max(1, values[random.nextIndex(below: values.count)])
        case .exponential(let mean): value = -Double(mean) * log(random.nextUnitOpen())
        case .weibull(let shape, let scale): value = Double(scale) * pow(-log(random.nextUnitOpen()), 1 / shape)
        case .lognormal(let median, let sigma): value = Double(median) * exp(sigma * random.nextGaussian())
        case .uniform(let low, let high): value = Double(low) + random.nextUnitOpen() * Double(high - low)
        }
        return Self.wholeMilliseconds(value)
    }

    /// Rounds a sampled duration to whole milliseconds in `1...2^61` (non-finite values give the upper bound), so
    /// long-tailed draws (lognormal with a huge sigma, Weibull with a tiny shape) stay valid durations.
    ///
    /// - Parameter value: A duration in milliseconds.
    /// - Returns: Whole milliseconds.
    public static func wholeMilliseconds(_ value: Double) -> Int64 {
        let limit = Double(Int64.max / 4)
        guard value.isFinite else { return Int64.max / 4 }
        return Int64(min(max(value.rounded(), 1), limit))
    }

    /// The mean of the distribution in milliseconds (for reports).
    public var meanMilliseconds: Double {
        switch self {
        case .constant(let ms): return Double(ms)
        case .exponential(let mean): return Double(mean)
        case .weibull(let shape, let scale): return Double(scale) * tgamma(1 + 1 / shape)
        case .lognormal(let median, let sigma): return Double(median) * exp(sigma * sigma / 2)
        case .uniform(let low, let high): return Double(low + high) / 2
        case .empirical(let values):
            return Double(values.reduce(Int128(0)) { $0 + Int128($1) }) / Double(max(1, values.count))
        }
    }
}
