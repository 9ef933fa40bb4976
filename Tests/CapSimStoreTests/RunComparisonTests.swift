import CapSimCore
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

@Suite struct RunComparisonTests {
    private func run(_ id: Int64) -> StoredRun {
        StoredRun(id: id, metadata: StoreFixtures.metadata(seed: UInt64(id)), jobCount: 3)
    }

    @Test("deltas and percent deltas are computed against the first run")
    func deltas() {
        let baseline = [
            SummaryMetric(name: "jobs_completed", value: 10, unit: "jobs"),
            SummaryMetric(name: "queue_time_p95", value: 4, unit: "s"),
            SummaryMetric(name: "preemptions", value: 0, unit: "pods"),
        ]
        let candidate = [
            SummaryMetric(name: "queue_time_p95", value: 3, unit: "s"),
            SummaryMetric(name: "jobs_completed", value: 12, unit: "jobs"),
            SummaryMetric(name: "preemptions", value: 5, unit: "pods"),
            SummaryMetric(name: "cost_usd", value: 7.5, unit: "USD"),
        ]

        let comparison = RunComparison.compare([(run(1), baseline), (run(2), candidate)])

        #expect(comparison.runs.map(\.id) == [1, 2])
        #expect(
            comparison.rows == [
                .init(
                    name: "jobs_completed", unit: "jobs", values: [10, 12], deltas: [nil, 2], percentDeltas: [nil, 20]),
                .init(
                    name: "queue_time_p95", unit: "s", values: [4, 3], deltas: [nil, -1], percentDeltas: [nil, -25]),
                .init(
                    name: "preemptions", unit: "pods", values: [0, 5], deltas: [nil, 5], percentDeltas: [nil, nil]),
                .init(
                    name: "cost_usd", unit: "USD", values: [nil, 7.5], deltas: [nil, nil], percentDeltas: [nil, nil]),
            ]
        )
    }

    @Test("three runs: each later run is compared with the first, equal zeros give 0 %")
    func threeRuns() {
        let metrics: [Double] = [0, 0, -2]
        let comparison = RunComparison.compare(
            metrics.enumerated().map { index, value in
                (run(Int64(index + 1)), [SummaryMetric(name: "evictions", value: value, unit: "pods")])
            }
        )

        #expect(comparison.rows.count == 1)
        #expect(comparison.rows[0].deltas == [nil, 0, -2])
        #expect(comparison.rows[0].percentDeltas == [nil, 0, nil])
    }
}
