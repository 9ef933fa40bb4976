import CapSimCore

extension ScenarioParser {
    /// What `disruptions:` sets on the simulation input.
    struct Disruptions {
        var failures: [NodeFailureModel] = []
        var maintenance: MaintenancePolicy?
        var drains: [NodeDrain] = []

        var isEmpty: Bool { failures.isEmpty && maintenance == nil && drains.isEmpty }
    }

    /// Reads `disruptions:` with `failures` (per pool), `maintenance` (rolling upgrades) and `drains` (one-off).
    func parseDisruptions(_ node: SchemaNode?, cluster: ClusterSpec) throws(ScenarioError) -> Disruptions {
        guard let node else { return Disruptions() }
        let mapping = try node.mapping(allowedKeys: ["failures", "maintenance", "drains"])
        var result = Disruptions()
        if let failuresNode = mapping.optional("failures") {
            var seen: [String: SchemaNode] = [:]
            for item in try failuresNode.sequence() {
                let failure = try item.mapping(allowedKeys: [
                    "pool", "timeBetweenFailures", "repairTime", "gpuTimeBetweenFailures", "gpuRepairTime",
                ])
                let poolNode = try failure.required("pool", "the name of a node pool")
                let pool = try poolNode.string()
                guard let index = cluster.pools.firstIndex(where: { $0.name == pool }) else {
                    throw poolNode.error(
                        "names no node pool; pools: \(cluster.pools.map(\.name).joined(separator: ", "))")
                }
                if let first = seen[pool] {
                    throw poolNode.error(Self.duplicateMessage("failure pool", pool, first: first))
                }
                seen[pool] = poolNode
                // A failure clock faster than once an hour per node or device is almost surely a typo (and would
                // make the run crawl through millions of failures).
                for key in ["timeBetweenFailures", "gpuTimeBetweenFailures"] {
                    guard let node = failure.optional(key) else { continue }
                    let mean = try parseTimeDistribution(node).meanMilliseconds
                    if mean < 3_600_000 {
                        throw node.error(
                            "has a mean of \(DurationParser.format(milliseconds: Int64(mean))); it must be at least 1h "
                                + "per node or device (published figures are months to years)")
                    }
                }
                result.failures.append(
                    NodeFailureModel(
                        poolIndex: index,
                        timeBetweenFailures: try parseTimeDistribution(
                            failure.required("timeBetweenFailures", "per-node time between failures, e.g. 264d")),
                        repairTime: try parseTimeDistribution(failure.required("repairTime", "e.g. 8h")),
                        gpuTimeBetweenFailures: try failure.optional("gpuTimeBetweenFailures").map {
                            node throws(ScenarioError) in try parseTimeDistribution(node)
                        },
                        gpuRepairTime: try failure.optional("gpuRepairTime").map { node throws(ScenarioError) in
                            try parseTimeDistribution(node)
                        }))
            }
        }
        if let maintenanceNode = mapping.optional("maintenance") {
            result.maintenance = try parseMaintenance(maintenanceNode)
        }
        if let drainsNode = mapping.optional("drains") {
            for item in try drainsNode.sequence() {
                let drain = try item.mapping(allowedKeys: ["node", "at", "duration"])
                let nodeNode = try drain.required("node", "a node name such as a100-0001")
                let name = try nodeNode.string()
                guard let index = cluster.nodes.firstIndex(where: { $0.name == name }) else {
                    let examples = cluster.nodes.prefix(3).map(\.name).joined(separator: ", ")
                    throw nodeNode.error("names no node; nodes are named <pool>-NNNN, e.g. \(examples)")
                }
                result.drains.append(
                    NodeDrain(
                        node: index, at: try drain.required("at", "when the drain starts").durationMilliseconds(),
                        duration: try drain.required("duration", "until the node is uncordoned")
                            .durationMilliseconds(minimum: 1)))
            }
        }
        return result
    }

    /// Reads a `maintenance:` mapping (rolling upgrades).
    func parseMaintenance(_ maintenanceNode: SchemaNode) throws(ScenarioError) -> MaintenancePolicy {
        let maintenance = try maintenanceNode.mapping(allowedKeys: [
            "firstUpgrade", "every", "maxUnavailable", "upgradeDuration", "drainTimeout",
        ])
        let every = try maintenance.required("every", "time between upgrades, e.g. 120d").durationMilliseconds(
            minimum: 60_000)
        var count = 1
        var isPercent = false
        if let unavailableNode = maintenance.optional("maxUnavailable") {
            let text = try unavailableNode.scalarText(expected: "a node count or a percentage such as 25%")
            if text.hasSuffix("%"), let percent = Int(text.dropLast()), (1...100).contains(percent) {
                count = percent
                isPercent = true
            } else if let nodes = Int(text), nodes >= 1 {
                count = nodes
            } else {
                throw unavailableNode.error("must be a node count >= 1 or a percentage 1%...100%, found \"\(text)\"")
            }
        }
        return MaintenancePolicy(
            firstUpgrade: try maintenance.optional("firstUpgrade")?.durationMilliseconds() ?? every,
            interval: every, maxUnavailable: count, maxUnavailableIsPercent: isPercent,
            upgradeDuration: try maintenance.optional("upgradeDuration")?.durationMilliseconds() ?? 600_000,
            drainTimeout: try maintenance.optional("drainTimeout")?.durationMilliseconds() ?? 900_000)
    }

    /// Reads a time distribution: a duration text (constant) or one of `{constant: 8h}`,
    /// `{exponential: {mean: 264d}}`, `{weibull: {shape: 0.8, scale: 200d}}`, `{lognormal: {median: 4h, sigma: 0.5}}`,
    /// `{uniform: {min: 1h, max: 8h}}`, and with `allowsEmpirical` `{empirical: [10m, 1h, 3h]}` (each equally
    /// likely).
    func parseTimeDistribution(_ node: SchemaNode, allowsEmpirical: Bool = false) throws(ScenarioError)
        -> TimeDistribution
    {
        if case .scalar = node.node { return .constant(try node.durationMilliseconds(minimum: 1)) }
        let kinds =
            ["constant", "exponential", "lognormal", "uniform", "weibull"] + (allowsEmpirical ? ["empirical"] : [])
        guard case .mapping = node.node else {
            throw node.error(
                "expected a duration such as 2h, or one of {constant: 2h}, {exponential: {mean: 2h}}, "
                    + "{lognormal: {median: 1h, sigma: 0.8}}, {uniform: {min: 10m, max: 2h}}, "
                    + "{weibull: {shape: 0.8, scale: 10d}}"
                    + (allowsEmpirical ? ", {empirical: [10m, 1h]}" : "") + "; found \(node.kindDescription)")
        }
        let distribution = try node.mapping(allowedKeys: kinds)
        guard distribution.entries.count == 1, let entry = distribution.entries.first else {
            throw node.error("give exactly one distribution: \(kinds.joined(separator: ", "))")
        }
        let value = entry.value
        switch entry.key {
        case "constant": return .constant(try value.durationMilliseconds(minimum: 1))
        case "exponential":
            let parameters = try value.mapping(allowedKeys: ["mean"])
            return .exponential(meanMilliseconds: try parameters.required("mean").durationMilliseconds(minimum: 1))
        case "weibull":
            let parameters = try value.mapping(allowedKeys: ["shape", "scale"])
            let shape = try parameters.required("shape", "k > 0, e.g. 0.8").number(minimum: 0, isMinimumExcluded: true)
            return .weibull(
                shape: shape, scaleMilliseconds: try parameters.required("scale").durationMilliseconds(minimum: 1))
        case "lognormal":
            let parameters = try value.mapping(allowedKeys: ["median", "sigma"])
            return .lognormal(
                medianMilliseconds: try parameters.required("median").durationMilliseconds(minimum: 1),
                sigma: try parameters.required("sigma").number(minimum: 0))
        case "empirical":
            let items = try value.sequence()
            guard !items.isEmpty else { throw value.error("needs at least one duration") }
            var values: [Int64] = []
            for item in items { values.append(try item.durationMilliseconds(minimum: 1)) }
            return .empirical(values)
        default:
            let parameters = try value.mapping(allowedKeys: ["min", "max"])
            let low = try parameters.required("min").durationMilliseconds(minimum: 1)
            let highNode = try parameters.required("max")
            let high = try highNode.durationMilliseconds(minimum: 1)
            guard high >= low else { throw highNode.error("must not be less than `min`") }
            return .uniform(minMilliseconds: low, maxMilliseconds: high)
        }
    }
}
