import CapSimCore
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `capsim run`, `runs` and `validate` on good input.
@Suite struct RunCommandTests {
    @Test("run quickstart: summary, stored as run 1, listed by `runs`")
    func quickstartRunIsStoredAndListed() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(
            ["run", TestPaths.scenario("quickstart.yaml"), "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.tableValue("nodes") == 14, "\(output)")
        #expect(output.tableValue("gpu_capacity") == 56)
        #expect(output.tableValue("jobs_submitted") == 661)
        #expect(output.tableValue("jobs_succeeded") == 661)
        #expect(output.tableValue("jobs_unplaceable") == 0)
        #expect(output.stdout.hasPrefix("run 1: quickstart (seed 42, timed"), "\(output)")
        #expect(output.stdout.contains("Stored as run 1 in results.sqlite"), "\(output)")

        let store = try ResultStore(path: scratch.path("results.sqlite"))
        let runs = try store.runs()
        #expect(runs.map(\.id) == [1])
        #expect(runs.first?.metadata.scenarioName == "quickstart")
        #expect(runs.first?.metadata.seed == 42)
        #expect(runs.first?.jobCount == 661)
        let stored = try store.summary(runID: 1)
        #expect(stored.first { $0.name == "jobs_succeeded" }?.value == 661)

        let listing = try await CLIProcess.run(["runs", "--db", "results.sqlite"], in: scratch.url)
        #expect(listing.status == 0, "\(listing)")
        let row = try #require(listing.tableRow("1"), "\(listing)")
        #expect(Array(row.suffix(5).prefix(4)) == ["quickstart", "42", "timed", "661"], "\(row)")
    }

    @Test("same scenario and seed twice: identical metrics and job rows; --seed 7 differs")
    func runsAreReproducible() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let arguments = ["run", TestPaths.scenario("quickstart.yaml"), "--db", "results.sqlite", "--quiet"]
        for extra in [[], [], ["--seed", "7"]] {
            let output = try await CLIProcess.run(arguments + extra, in: scratch.url)
            #expect(output.status == 0, "\(output)")
        }
        let store = try ResultStore(path: scratch.path("results.sqlite"))
        #expect(try store.runs().map(\.id) == [3, 2, 1])
        #expect(try store.run(id: 3)?.metadata.seed == 7)

        let first = try store.summary(runID: 1)
        let second = try store.summary(runID: 2)
        #expect(first.count >= 20)
        #expect(first == second)
        let firstJobs = try store.jobs(runID: 1)
        #expect(firstJobs.count == 661)
        #expect(firstJobs == (try store.jobs(runID: 2)))

        let otherSeed = try store.jobs(runID: 3)
        #expect(!otherSeed.isEmpty)
        #expect(otherSeed != firstJobs)
        let submitTimes = { (jobs: [JobRecord]) in jobs.prefix(50).map(\.submitMilliseconds) }
        #expect(submitTimes(otherSeed) != submitTimes(firstJobs), "seed 7 should draw other arrival times")
    }

    @Test("--format json prints the metrics and the run as JSON")
    func jsonSummary() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(
            ["run", TestPaths.scenario("quickstart.yaml"), "--db", "results.sqlite", "--format", "json"],
            in: scratch.url)
        #expect(output.status == 0, "\(output)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        let json = try #require(object as? [String: Any], "\(output)")
        let metrics = try #require(json["metrics"] as? [String: Any])
        func value(_ name: String) -> Double? {
            ((metrics[name] as? [String: Any])?["value"] as? NSNumber)?.doubleValue
        }
        #expect(value("jobs_submitted") == 661)
        #expect(value("jobs_succeeded") == 661)
        #expect(value("gpu_capacity") == 56)
        #expect((metrics["queue_time_p95"] as? [String: Any])?["unit"] as? String == "s")
        let order = try #require(json["metric_order"] as? [String])
        #expect(Set(order) == Set(metrics.keys))
        let run = try #require(json["run"] as? [String: Any])
        #expect((run["id"] as? NSNumber)?.intValue == 1)
        #expect((run["seed"] as? NSNumber)?.intValue == 42)
        #expect(run["scenario"] as? String == "quickstart")
        #expect(!output.stdout.contains("Stored as run"), "json output must be JSON only")
    }

    @Test("a pod no node can fit is reported unplaceable with a reason; the run still succeeds")
    func unplaceableJob() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write(
            "unplaceable.yaml",
            """
            name: unplaceable
            cluster:
              nodePools:
                - name: small
                  count: 2
                  cpu: "4"
                  memory: 8Gi
            workloads:
              - name: fits
                requests: {cpu: "1", memory: 1Gi}
                duration: 10m
                arrivals: {at: [0s, 1m]}
              - name: huge
                requests: {cpu: "16", memory: 1Gi}
                duration: 10m
                arrivals: {at: [30s]}

            """)
        let output = try await CLIProcess.run(
            ["run", "unplaceable.yaml", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.tableValue("jobs_submitted") == 3, "\(output)")
        #expect(output.tableValue("jobs_succeeded") == 2)
        #expect(output.tableValue("jobs_unplaceable") == 1)
        #expect(output.tableValue("jobs_pending_at_end") == 0)

        let jobs = try ResultStore(path: scratch.path("results.sqlite")).jobs(runID: 1)
        let huge = try #require(jobs.first { $0.name == "huge-0" }, "\(jobs)")
        #expect(huge.state == .unplaceable)
        #expect(huge.node == nil)
        #expect(huge.startMilliseconds == nil)
        let reason = try #require(huge.reason)
        #expect(reason == "Insufficient cpu on every node (requests 16000m, largest node 4000m)", "\(reason)")
        #expect(jobs.filter { $0.workload == "fits" }.allSatisfy { $0.state == .succeeded && $0.reason == nil })
    }

    @Test("validate quickstart prints node, GPU and job counts and stores nothing")
    func validateQuickstart() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["validate", TestPaths.scenario("quickstart.yaml")], in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("quickstart.yaml: valid"), "\(output)")
        #expect(output.stdout.contains("14 nodes in 3 pools, 56 GPUs"), "\(output)")
        #expect(output.stdout.contains("4 workloads with 661 jobs, 689 pods"), "\(output)")
        #expect(output.stdout.contains("seed 42, mode timed"), "\(output)")
        #expect(output.stderr.isEmpty, "\(output)")
        #expect(!scratch.exists("capsim.sqlite"))
    }
}
