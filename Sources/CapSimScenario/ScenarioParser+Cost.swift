import CapSimCore

extension ScenarioParser {
    // MARK: - Cost

    /// `cost:` keys, in documentation order.
    static let costKeys = [
        "engineerHourlyRate", "platformHoursPerMonth", "hoursPerNodePerMonth", "hoursPerNodeFailure",
        "hoursPerUpgrade", "controlPlanePerHour", "gpuHourRate",
    ]

    /// Reads `cost:`: labor figures and prices that replace the `CostSettings` defaults, each a number ≥ 0.
    ///
    /// - Parameter node: The `cost` value, or `nil` when absent.
    /// - Returns: The settings, or `nil` when the scenario has no `cost` section.
    /// - Throws: `ScenarioError` for an unknown key or a value that is not a number ≥ 0.
    func parseCost(_ node: SchemaNode?) throws(ScenarioError) -> CostSettings? {
        guard let node else { return nil }
        let cost = try node.mapping(allowedKeys: Self.costKeys)
        var settings = CostSettings()
        func read(_ key: String, into value: inout Double) throws(ScenarioError) {
            if let entry = cost.optional(key) { value = try entry.number(minimum: 0) }
        }
        try read("engineerHourlyRate", into: &settings.engineerHourlyRateUSD)
        try read("platformHoursPerMonth", into: &settings.platformHoursPerMonth)
        try read("hoursPerNodePerMonth", into: &settings.hoursPerNodePerMonth)
        try read("hoursPerNodeFailure", into: &settings.hoursPerNodeFailure)
        try read("hoursPerUpgrade", into: &settings.hoursPerUpgrade)
        try read("controlPlanePerHour", into: &settings.controlPlanePerHourUSD)
        if let rate = cost.optional("gpuHourRate") { settings.gpuHourRateUSD = try rate.number(minimum: 0) }
        return settings
    }
}
