/// The clock's side of a run: the event queue ordered by (time, sequence) and the count of events handled.
///
/// Controllers schedule their own events through it; the run loop pops them and routes each to its owner.
struct Engine: Sendable {
    /// Pending events.
    private(set) var events = EventQueue<Event>()
    /// Events handled so far (stale events are not counted).
    var eventsProcessed = 0

    /// Schedules an event at an absolute time; an instant at or after `SimTime.neverMilliseconds` (2^62 ms) never
    /// comes, so such an event is dropped.
    ///
    /// Every scenario time is at most `SimTime.maximumMilliseconds` and every instant the engine reaches is below
    /// 2^62, so the sum of an instant and one duration that callers pass here cannot overflow.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - milliseconds: When it happens, ms since the start of the run.
    mutating func schedule(_ event: Event, at milliseconds: Int64) {
        guard milliseconds < SimTime.neverMilliseconds else { return }
        events.schedule(event, at: SimTime(milliseconds: milliseconds))
    }

    /// The earliest pending event, if any.
    var next: ScheduledEvent<Event>? { events.peek }

    /// Time of the earliest pending event, if any.
    var nextTime: SimTime? { events.nextTime }

    /// Removes and returns the earliest pending event.
    mutating func popNext() -> ScheduledEvent<Event>? { events.popNext() }
}
