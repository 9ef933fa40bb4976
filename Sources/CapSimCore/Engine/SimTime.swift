/// A point in simulated time: integer milliseconds since the scenario start.
///
/// capsim never uses a floating-point clock. Durations are plain `Int64` milliseconds.
public struct SimTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since the scenario start (0 = start).
    public var milliseconds: Int64

    /// Creates a time from milliseconds since the scenario start.
    ///
    /// - Parameter milliseconds: Milliseconds since the scenario start.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// The scenario start.
    public static let zero = SimTime(milliseconds: 0)

    /// The longest duration (and the latest instant) a scenario may state: 2^62 - 1 ms, about 146 million years.
    /// Scenario durations are rejected above it (`DurationParser`), so adding one duration to one instant never
    /// overflows `Int64`.
    public static let maximumMilliseconds: Int64 = (1 << 62) - 1

    /// Instants at or after 2^62 ms never come: the engine drops events scheduled there (a sum of two scenario
    /// times, for example an arrival near the limit plus its run time, means "never").
    public static let neverMilliseconds: Int64 = 1 << 62

    /// Time in seconds, for display only.
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// Earlier time first.
    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Adds a duration in milliseconds.
    ///
    /// - Parameters:
    ///   - lhs: A time.
    ///   - rhs: A duration in milliseconds.
    /// - Returns: The later time.
    public static func + (lhs: SimTime, rhs: Int64) -> SimTime { SimTime(milliseconds: lhs.milliseconds + rhs) }

    /// `<milliseconds>ms`.
    public var description: String { "\(milliseconds)ms" }
}
