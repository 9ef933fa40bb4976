import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `capsim run --baseline static-partition` and the adopt-kubernetes comparison (issue: "with and without Kubernetes").
@Suite struct BaselineCommandTests {
    @Test("adopt-kubernetes runs both ways and compare shows per-team queue times, allocation, utilization and cost")
    func adoptKubernetes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for extra in [[], ["--baseline", "static-partition"]] {
            let output = try await CLIProcess.run(
                ["run", TestPaths.scenario("adopt-kubernetes.yaml"), "--db", "r.sqlite", "--quiet"] + extra,
                in: scratch.url)
            try #require(output.status == 0, "\(output)")
        }
        let store = try ResultStore(path: scratch.path("r.sqlite"))
        let runs = try store.runs()
        #expect(runs.map(\.metadata.scenarioName) == ["adopt-kubernetes (static partition)", "adopt-kubernetes"])
        func metric(_ run: Int64, _ name: String) throws -> Double {
            try #require(try store.summary(runID: run).first { $0.name == name }, "\(name) missing in run \(run)").value
        }
        // The baseline owns 15 fixed nodes (68 GPUs); the shared cluster autoscales and has a control plane.
        #expect(try metric(2, "nodes") == 15)
        #expect(try metric(2, "gpu_capacity") == 68)
        #expect(try metric(2, "cost_control_plane") == 0)
        #expect(try metric(1, "cost_control_plane") == 72)  // 0.10 USD/h x 720 h
        #expect(try metric(1, "jobs_succeeded") == metric(2, "jobs_succeeded"))
        let compare = try await CLIProcess.run(["compare", "1", "2", "--db", "r.sqlite"], in: scratch.url)
        #expect(compare.status == 0, "\(compare)")
        for row in [
            "queue_time_p50_research", "queue_time_p95_research", "queue_time_p95_applied", "gpu_allocation_mean",
            "gpu_utilization_mean", "cost_infrastructure", "cost_labor", "cost_disruption", "cost_idle", "cost_total",
        ] {
            #expect(compare.tableRow(row) != nil, "\(row) missing: \(compare)")
        }
    }

    @Test("--baseline on a scenario without a staticPartition section is a clear error (65)")
    func missingSection() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(
            ["run", TestPaths.scenario("quickstart.yaml"), "--baseline", "static-partition", "--db", "r.sqlite"],
            in: scratch.url)
        #expect(output.status == 65, "\(output)")
        #expect(output.stderr.contains("no `staticPartition:` section"), "\(output)")
        #expect(!scratch.exists("r.sqlite"))
    }
}
