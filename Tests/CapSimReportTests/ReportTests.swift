import CapSimCore
import CapSimReport
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

@Suite struct ReportTests {
    @Test("summary table: run line, then metric | value | unit with integers undecorated")
    func summaryTable() {
        let text = SummaryReport.render(
            metadata: StoreFixtures.metadata(),
            runID: 7,
            summary: StoreFixtures.summary,
            format: .table
        )

        #expect(
            text == """
                run 7: gpu-burst (seed 42, timed, kube-scheduler v1.36, 0.125 s wall)

                metric               value  unit
                -------------------  -----  ----
                jobs_completed           1  jobs
                queue_time_p95       0.475  s
                gpu_allocation_mean  62.50  %
                """
        )
    }

    @Test("summary JSON: run info, metrics by name, NaN as null, parameters embedded as JSON")
    func summaryJSON() throws {
        let summary = StoreFixtures.summary + [SummaryMetric(name: "jct_p50", value: .nan, unit: "s")]
        let text = SummaryReport.render(metadata: StoreFixtures.metadata(), runID: nil, summary: summary, format: .json)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require(object["run"] as? [String: Any])
        #expect(run["id"] is NSNull)
        #expect(run["scenario"] as? String == "gpu-burst")
        #expect(run["seed"] as? Int == 42)
        #expect(run["created_at"] as? String == "2026-05-28T20:26:40.250Z")
        #expect((run["parameters"] as? [String: Any])?["profile"] as? String == "binpack")
        let metrics = try #require(object["metrics"] as? [String: [String: Any]])
        #expect(metrics["queue_time_p95"]?["value"] as? Double == 0.475)
        #expect(metrics["queue_time_p95"]?["unit"] as? String == "s")
        #expect(metrics["jct_p50"]?["value"] is NSNull)
        #expect(
            object["metric_order"] as? [String] == [
                "jobs_completed", "queue_time_p95", "gpu_allocation_mean", "jct_p50",
            ])
        #expect(
            text
                == SummaryReport.render(metadata: StoreFixtures.metadata(), runID: nil, summary: summary, format: .json)
        )
    }

    @Test("runs table lists id, creation time, scenario, seed, mode, jobs and wall time")
    func runsTable() {
        let runs = [
            StoredRun(id: 12, metadata: StoreFixtures.metadata(name: "burst", seed: 7), jobCount: 1_500),
            StoredRun(id: 3, metadata: StoreFixtures.metadata(), jobCount: 3),
        ]

        #expect(
            RunsReport.render(runs, format: .table) == """
                id  created (UTC)        scenario   seed  mode   jobs  wall s
                --  -------------------  ---------  ----  -----  ----  ------
                12  2026-05-28 20:26:40  burst         7  timed  1500   0.125
                 3  2026-05-28 20:26:40  gpu-burst    42  timed     3   0.125
                """
        )
        #expect(RunsReport.render([], format: .table) == "no stored runs")
        let json = RunsReport.render(runs, format: .json)
        #expect(json.contains(#""jobs" : 1500"#))
        #expect(json.contains(#""id" : 12"#))
    }

    @Test("compare table: values per run, signed delta and percent against the first run")
    func compareTable() {
        let comparison = RunComparison.compare([
            (
                StoredRun(id: 1, metadata: StoreFixtures.metadata(), jobCount: 3),
                [
                    SummaryMetric(name: "jobs_completed", value: 10, unit: "jobs"),
                    SummaryMetric(name: "queue_time_p95", value: 4, unit: "s"),
                ]
            ),
            (
                StoredRun(id: 2, metadata: StoreFixtures.metadata(), jobCount: 3),
                [
                    SummaryMetric(name: "jobs_completed", value: 12, unit: "jobs"),
                    SummaryMetric(name: "queue_time_p95", value: 3, unit: "s"),
                    SummaryMetric(name: "cost_usd", value: 7.5, unit: "USD"),
                ]
            ),
        ])

        #expect(
            CompareReport.render(comparison, format: .table) == """
                metric          unit  run 1  run 2  delta  delta %
                --------------  ----  -----  -----  -----  -------
                jobs_completed  jobs     10     12     +2   +20.0%
                queue_time_p95  s         4      3     -1   -25.0%
                cost_usd        USD       -   7.50      -        -
                """
        )
        let json = CompareReport.render(comparison, format: .json)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let metrics = object?["metrics"] as? [[String: Any]]
        #expect(metrics?.map { $0["name"] as? String } == ["jobs_completed", "queue_time_p95", "cost_usd"])
        #expect((metrics?.first?["percent_deltas"] as? [Any])?.last as? Double == 20)
    }
}
