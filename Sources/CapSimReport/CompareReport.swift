import CapSimStore

/// Renders a comparison of runs' summary metrics.
public enum CompareReport {
    /// Renders a comparison as a table or as JSON.
    ///
    /// With two runs the table reads `metric | unit | run A | run B | delta | delta %`; with more, each
    /// later run gets its own `delta`/`delta %` pair labelled with its id. The JSON object has `runs`
    /// (id, scenario, seed, mode, created_at) and `metrics`, an array in row order of
    /// `{name, unit, values, deltas, percent_deltas}` aligned with `runs` (null where missing and for the
    /// baseline's deltas).
    ///
    /// - Parameters:
    ///   - comparison: The comparison to render.
    ///   - format: Table or JSON.
    /// - Returns: The rendered text, without a final newline.
    public static func render(_ comparison: RunComparison, format: OutputFormat) -> String {
        switch format {
        case .table:
            return table(comparison)
        case .json:
            return json(comparison)
        }
    }

    private static func table(_ comparison: RunComparison) -> String {
        let runs = comparison.runs
        var columns: [TextTable.Column] = [.init("metric"), .init("unit")]
        columns += runs.map { .init("run \($0.id)", alignment: .right) }
        let later = runs.dropFirst()
        for run in later {
            let suffix = later.count > 1 ? " \(run.id)" : ""
            columns.append(.init("delta" + suffix, alignment: .right))
            columns.append(.init("delta %" + suffix, alignment: .right))
        }
        var table = TextTable(columns: columns)
        for row in comparison.rows {
            var cells = [row.name, row.unit] + row.values.map { ValueFormat.number($0) }
            for index in later.indices {
                cells.append(ValueFormat.signed(row.deltas[index]))
                cells.append(ValueFormat.percent(row.percentDeltas[index]))
            }
            table.append(cells)
        }
        return table.render()
    }

    private static func json(_ comparison: RunComparison) -> String {
        let runs: [Any] = comparison.runs.map { run in
            [
                "id": run.id,
                "scenario": run.metadata.scenarioName,
                "seed": run.metadata.seed,
                "mode": run.metadata.mode,
                "created_at": ValueFormat.iso8601(run.metadata.createdAt),
            ] as [String: Any]
        }
        let metrics: [Any] = comparison.rows.map { row in
            [
                "name": row.name,
                "unit": row.unit,
                "values": row.values.map { JSONText.number($0) },
                "deltas": row.deltas.map { JSONText.number($0) },
                "percent_deltas": row.percentDeltas.map { JSONText.number($0) },
            ] as [String: Any]
        }
        return JSONText.render(["runs": runs, "metrics": metrics])
    }
}
