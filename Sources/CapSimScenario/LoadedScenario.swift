import CapSimCore

/// A scenario file after loading and validation.
public struct LoadedScenario: Sendable {
    /// The scenario's `name`.
    public var name: String
    /// The scenario's `description`, or empty.
    public var description: String
    /// The seed every random stream derives from (the file's `seed`, default 1, or the override).
    public var seed: UInt64
    /// Path of the file, as given to the loader.
    public var path: String
    /// FNV-1a 64-bit hash of the file bytes as 16 lowercase hex digits, to tell file versions apart.
    public var contentHash: String
    /// Everything the simulator needs.
    public var input: SimulationInput
    /// Legal but suspicious settings (`ScenarioWarning`), in file order; empty for a clean scenario.
    public var warnings: [ScenarioWarning] = []

    /// Creates a loaded scenario.
    public init(
        name: String, description: String, seed: UInt64, path: String, contentHash: String, input: SimulationInput
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.path = path
        self.contentHash = contentHash
        self.input = input
    }
}
