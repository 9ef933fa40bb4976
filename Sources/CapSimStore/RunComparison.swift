import CapSimCore

/// Summary metrics of several runs side by side, with each later run's change against the first.
public struct RunComparison: Sendable, Equatable {
    /// One metric across all compared runs.
    public struct Row: Sendable, Equatable {
        /// Metric name.
        public var name: String
        /// Unit, taken from the first run that has the metric.
        public var unit: String
        /// Value in each run, aligned with `RunComparison.runs`; `nil` where a run lacks the metric.
        public var values: [Double?]
        /// Each run's value minus the first run's, aligned with `runs`; element 0 (the baseline) is
        /// always `nil`, as is any element where either value is missing.
        public var deltas: [Double?]
        /// `deltas` as a percentage of the first run's value, aligned with `runs`; `nil` for the
        /// baseline, for missing values, and when the baseline is zero (unless both are zero: 0 %).
        public var percentDeltas: [Double?]

        /// Creates a row.
        ///
        /// - Parameters:
        ///   - name: Metric name.
        ///   - unit: Metric unit.
        ///   - values: Value per run, `nil` where missing.
        ///   - deltas: Change against the first run, per run.
        ///   - percentDeltas: Relative change against the first run in percent, per run.
        public init(name: String, unit: String, values: [Double?], deltas: [Double?], percentDeltas: [Double?]) {
            self.name = name
            self.unit = unit
            self.values = values
            self.deltas = deltas
            self.percentDeltas = percentDeltas
        }
    }

    /// The compared runs, baseline first.
    public var runs: [StoredRun]
    /// One row per metric name, in first-seen order across the runs.
    public var rows: [Row]

    /// Creates a comparison from precomputed rows; see `compare(_:)` to compute them.
    ///
    /// - Parameters:
    ///   - runs: The compared runs, baseline first.
    ///   - rows: One row per metric.
    public init(runs: [StoredRun], rows: [Row]) {
        self.runs = runs
        self.rows = rows
    }

    /// Compares the summary metrics of several runs against the first.
    ///
    /// - Parameter runs: Each run with its summary metrics; the first is the baseline. If a run lists a
    ///   metric name twice, its first occurrence counts.
    /// - Returns: Rows for the union of metric names, in first-seen order.
    /// - Complexity: O(*r* · *m*) for *r* runs of *m* metrics each.
    public static func compare(_ runs: [(StoredRun, [SummaryMetric])]) -> RunComparison {
        var order: [String] = []
        var units: [String: String] = [:]
        var valuesByRun: [[String: Double]] = []
        for (_, metrics) in runs {
            var values: [String: Double] = [:]
            for metric in metrics where values[metric.name] == nil {
                values[metric.name] = metric.value
                if units[metric.name] == nil {
                    units[metric.name] = metric.unit
                    order.append(metric.name)
                }
            }
            valuesByRun.append(values)
        }
        let rows = order.map { name in
            let values = valuesByRun.map { $0[name] }
            let baseline = values.first ?? nil
            var deltas: [Double?] = []
            var percents: [Double?] = []
            for (index, value) in values.enumerated() {
                guard index > 0, let baseline, let value else {
                    deltas.append(nil)
                    percents.append(nil)
                    continue
                }
                let delta = value - baseline
                deltas.append(delta)
                if baseline != 0 {
                    percents.append(delta / abs(baseline) * 100)
                } else {
                    percents.append(delta == 0 ? 0 : nil)
                }
            }
            return Row(name: name, unit: units[name] ?? "", values: values, deltas: deltas, percentDeltas: percents)
        }
        return RunComparison(runs: runs.map(\.0), rows: rows)
    }
}
