import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `capsim run scenarios/openb-default.yaml` on the real openb trace (skipped when the trace is absent).
@Suite struct OpenbReplayTests {
    /// Whether both openb files of the bundled scenario are present.
    static var hasOpenb: Bool {
        ["openb_node_list_gpu_node.csv", "openb_pod_list_default.csv"].allSatisfy {
            FileManager.default.fileExists(atPath: "\(TestPaths.traces)/openb/\($0)")
        }
    }

    @Test(
        "openb-default: source pods, capacity, source request, no rejection before ~90% arrived",
        .enabled(if: hasOpenb, "openb trace not found: set CAPSIM_TRACES or put it in ../shared/traces/openb"))
    func openbDefault() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(
            [
                "run", TestPaths.scenario("openb-default.yaml"), "--traces", TestPaths.traces, "--db", "results.sqlite",
                "--quiet",
            ],
            in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.tableValue("trace_source_pods") == 8152, "\(output)")
        #expect(output.tableValue("gpu_capacity") == 6212)
        #expect(output.tableValue("nodes") == 1213)
        #expect(output.tableValue("trace_source_gpu_request") == 6086.8)

        let summary = try ResultStore(path: scratch.path("results.sqlite")).summary(runID: 1)
        let metrics = Dictionary(summary.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let firstRejection = try #require(metrics["first_rejection_arrived"], "\(summary)")
        #expect(firstRejection >= 89, "first rejection at \(firstRejection)% of capacity arrived")
        #expect(metrics["trace_source_pods"] == 8152)
        #expect(metrics["trace_source_gpu_request"] == 6086.8)
        let arrived = try #require(metrics["gpu_requested_arrived_ratio"])
        #expect((129...130).contains(arrived), "tune 1.3 should bring about 130% of capacity, got \(arrived)")
    }
}
