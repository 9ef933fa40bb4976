import HeapModule

/// A pending simulation event with its time and a tie-breaking sequence number.
public struct ScheduledEvent<Payload: Sendable>: Sendable {
    /// When the event fires.
    public var time: SimTime
    /// Insertion counter: among equal times, the event scheduled first fires first.
    public var sequence: UInt64
    /// What happens.
    public var payload: Payload
}

extension ScheduledEvent: Comparable {
    /// Earlier time first; among equal times, lower sequence (scheduled first) first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
    }

    /// Same time and sequence (the payload is not compared).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}

/// A min-heap of events ordered by `(time, sequence)`, built on swift-collections' `Heap`.
///
/// Events with equal timestamps come out in the order they were scheduled, so a run is
/// reproducible for a given seed.
public struct EventQueue<Payload: Sendable>: Sendable {
    private var heap = Heap<ScheduledEvent<Payload>>()
    private var nextSequence: UInt64 = 0

    /// Creates an empty queue.
    public init() {}

    /// Number of pending events.
    public var count: Int { heap.count }

    /// Whether no event is pending.
    public var isEmpty: Bool { heap.isEmpty }

    /// Time of the earliest pending event, or `nil` when empty.
    public var nextTime: SimTime? { heap.min?.time }

    /// Schedules an event.
    ///
    /// - Parameters:
    ///   - payload: The event.
    ///   - time: When it fires.
    /// - Complexity: O(log *n*).
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        heap.insert(ScheduledEvent(time: time, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
    }

    /// The earliest pending event, without removing it.
    public var peek: ScheduledEvent<Payload>? { heap.min }

    /// Removes and returns the earliest pending event.
    ///
    /// - Returns: The next event, or `nil` when the queue is empty.
    /// - Complexity: O(log *n*), where *n* is the number of pending events.
    public mutating func popNext() -> ScheduledEvent<Payload>? {
        heap.popMin()
    }
}
