import CapSimStore

/// Renders the list of stored runs.
public enum RunsReport {
    /// Renders stored runs as a table (`id | created (UTC) | scenario | seed | mode | jobs | wall s`) or
    /// as JSON (`{"runs": [...]}` with full metadata per run).
    ///
    /// - Parameters:
    ///   - runs: The runs, in display order (the store lists newest first).
    ///   - format: Table or JSON.
    /// - Returns: The rendered text, without a final newline; the table reads `no stored runs` when empty.
    public static func render(_ runs: [StoredRun], format: OutputFormat) -> String {
        switch format {
        case .table:
            guard !runs.isEmpty else {
                return "no stored runs"
            }
            var table = TextTable(columns: [
                .init("id", alignment: .right), .init("created (UTC)"), .init("scenario"),
                .init("seed", alignment: .right), .init("mode"), .init("jobs", alignment: .right),
                .init("wall s", alignment: .right),
            ])
            for run in runs {
                table.append([
                    String(run.id), ValueFormat.timestamp(run.metadata.createdAt), run.metadata.scenarioName,
                    String(run.metadata.seed), run.metadata.mode, String(run.jobCount),
                    ValueFormat.number(run.metadata.wallTimeSeconds),
                ])
            }
            return table.render()
        case .json:
            let objects: [Any] = runs.map { run in
                var object = JSONText.run(run.metadata, id: run.id)
                object["jobs"] = run.jobCount
                object["end_ms"] = run.endMilliseconds
                object["events_processed"] = run.eventsProcessed
                return object
            }
            return JSONText.render(["runs": objects])
        }
    }
}
