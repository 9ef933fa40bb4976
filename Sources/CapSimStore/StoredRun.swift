/// A run as listed from the store: its id, metadata and a few totals.
public struct StoredRun: Sendable, Equatable {
    /// Row id of the run, unique within one database file and increasing with each save.
    public var id: Int64
    /// The run's metadata.
    public var metadata: RunMetadata
    /// Number of job records stored for the run.
    public var jobCount: Int
    /// Simulated time at the end of the run, ms.
    public var endMilliseconds: Int64
    /// Events the simulation processed.
    public var eventsProcessed: Int

    /// Creates a stored-run value.
    ///
    /// - Parameters:
    ///   - id: Row id of the run.
    ///   - metadata: The run's metadata.
    ///   - jobCount: Number of stored job records.
    ///   - endMilliseconds: Simulated end time, ms.
    ///   - eventsProcessed: Events processed.
    public init(id: Int64, metadata: RunMetadata, jobCount: Int, endMilliseconds: Int64 = 0, eventsProcessed: Int = 0) {
        self.id = id
        self.metadata = metadata
        self.jobCount = jobCount
        self.endMilliseconds = endMilliseconds
        self.eventsProcessed = eventsProcessed
    }
}
