import Foundation

/// What identifies a run besides its results: scenario, seed, versions, mode and timing.
public struct RunMetadata: Sendable, Equatable {
    /// Scenario name, from the scenario file.
    public var scenarioName: String
    /// Scenario description, from the scenario file; may be empty.
    public var scenarioDescription: String
    /// Content hash of the scenario file, lowercase hex.
    public var scenarioHash: String
    /// Path of the scenario file as given on the command line.
    public var scenarioPath: String
    /// Seed of the run's random generator.
    public var seed: UInt64
    /// Version of capsim that produced the run.
    public var capsimVersion: String
    /// Scheduler semantics the run follows, for example `kube-scheduler v1.36`.
    public var schedulerSemantics: String
    /// Simulation mode: `timed` or `arrival-only`.
    public var mode: String
    /// Wall-clock duration of the simulation, seconds.
    public var wallTimeSeconds: Double
    /// When the run was started. Stored as ISO-8601 text with millisecond precision.
    public var createdAt: Date
    /// JSON text of the overrides and profile the run used; `{}` when there were none.
    public var parameters: String

    /// Creates run metadata.
    ///
    /// - Parameters:
    ///   - scenarioName: Scenario name.
    ///   - scenarioDescription: Scenario description; may be empty.
    ///   - scenarioHash: Content hash of the scenario file, hex.
    ///   - scenarioPath: Path of the scenario file.
    ///   - seed: Seed of the run.
    ///   - capsimVersion: Version of capsim.
    ///   - schedulerSemantics: Scheduler semantics, for example `kube-scheduler v1.36`.
    ///   - mode: `timed` or `arrival-only`.
    ///   - wallTimeSeconds: Wall-clock duration of the simulation, seconds.
    ///   - createdAt: When the run started (kept to the millisecond).
    ///   - parameters: JSON text of overrides and profile, `{}` by default.
    public init(
        scenarioName: String,
        scenarioDescription: String = "",
        scenarioHash: String,
        scenarioPath: String,
        seed: UInt64,
        capsimVersion: String,
        schedulerSemantics: String,
        mode: String,
        wallTimeSeconds: Double,
        createdAt: Date,
        parameters: String = "{}"
    ) {
        self.scenarioName = scenarioName
        self.scenarioDescription = scenarioDescription
        self.scenarioHash = scenarioHash
        self.scenarioPath = scenarioPath
        self.seed = seed
        self.capsimVersion = capsimVersion
        self.schedulerSemantics = schedulerSemantics
        self.mode = mode
        self.wallTimeSeconds = wallTimeSeconds
        self.createdAt = createdAt
        self.parameters = parameters
    }
}
