import CapSimCore
import CapSimStore

/// Renders one run's summary metrics.
public enum SummaryReport {
    /// Renders the summary of a run as a table or as JSON.
    ///
    /// The table starts with one line about the run, then a blank line, then `metric | value | unit`; control
    /// characters in names are written as visible escapes (`TerminalText`), so they reach no terminal.
    /// The JSON object has `run` (metadata, `id` null when the run was not stored), `metrics`
    /// (name → `{value, unit}`, NaN as null) and `metric_order` (the names in output order).
    ///
    /// - Parameters:
    ///   - metadata: The run's metadata.
    ///   - runID: The stored run id, or `nil` if the run was not stored.
    ///   - summary: The summary metrics, in output order.
    ///   - format: Table or JSON.
    /// - Returns: The rendered text, without a final newline.
    public static func render(
        metadata: RunMetadata,
        runID: Int64?,
        summary: [SummaryMetric],
        format: OutputFormat
    ) -> String {
        switch format {
        case .table:
            return table(metadata: metadata, runID: runID, summary: summary)
        case .json:
            return json(metadata: metadata, runID: runID, summary: summary)
        }
    }

    private static func table(metadata: RunMetadata, runID: Int64?, summary: [SummaryMetric]) -> String {
        let label = runID.map { "run \($0)" } ?? "run"
        let rawHeading =
            "\(label): \(metadata.scenarioName) (seed \(metadata.seed), \(metadata.mode), "
            + "\(metadata.schedulerSemantics), \(ValueFormat.number(metadata.wallTimeSeconds)) s wall)"
        // The names come from the scenario (or a stored run someone else made): keep them on this one line.
        let heading = TerminalText.escaped(rawHeading)
        var table = TextTable(columns: [.init("metric"), .init("value", alignment: .right), .init("unit")])
        for metric in summary {
            table.append([metric.name, ValueFormat.number(metric.value), metric.unit])
        }
        return heading + "\n\n" + table.render()
    }

    private static func json(metadata: RunMetadata, runID: Int64?, summary: [SummaryMetric]) -> String {
        var metrics: [String: Any] = [:]
        var order: [String] = []
        for metric in summary where metrics[metric.name] == nil {
            metrics[metric.name] = ["value": JSONText.number(metric.value), "unit": metric.unit]
            order.append(metric.name)
        }
        let object: [String: Any] = [
            "run": JSONText.run(metadata, id: runID),
            "metrics": metrics,
            "metric_order": order,
        ]
        return JSONText.render(object)
    }
}
