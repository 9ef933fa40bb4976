import CapSimCore

extension SimulationResult {
    /// The job record named `name`, or `nil`.
    ///
    /// - Parameter name: A job name, for example `train-0`.
    /// - Returns: The first record with that name.
    public func job(_ name: String) -> JobRecord? { jobs.first { $0.name == name } }
}
