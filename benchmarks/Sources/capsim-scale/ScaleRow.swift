import CapSimCore

/// The figures of one scenario run, one table row.
struct ScaleRow: Sendable {
    /// The scenario.
    var scenario: ScaleScenario
    /// Wall time to generate the input, seconds.
    var generationSeconds: Double
    /// Wall time of `Simulation.run`, seconds.
    var runSeconds: Double
    /// `ru_maxrss` after the run, bytes (process high-water mark).
    var peakResidentBytes: Int64
    /// Peak RSS after the run minus the resident set before generating the input, bytes.
    var residentGrowthBytes: Int64
    /// Whether the run raised the process's high-water mark (otherwise the growth is only an upper bound).
    var hasRaisedPeak: Bool
    /// The run's result.
    var result: SimulationResult

    /// Simulated time until the run ended, days.
    var simulatedDays: Double { Double(result.endMilliseconds) / ScaleScenario.dayMilliseconds }

    /// Jobs that succeeded.
    var succeededJobs: Int { result.jobs.reduce(0) { $0 + ($1.state == .succeeded ? 1 : 0) } }

    /// Sum over started jobs of the time from submission to the first pod bound, milliseconds.
    var queueMillisecondsSum: Int64 { result.jobs.reduce(0) { $0 &+ ($1.queueMilliseconds ?? 0) } }
}
