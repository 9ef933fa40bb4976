import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `capsim compare` on stored runs.
@Suite struct CompareCommandTests {
    /// A folder whose `results.sqlite` holds run 1 (quickstart, seed 42) and run 2 (seed 7).
    private func twoRuns() async throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        for extra in [[], ["--seed", "7"]] {
            let output = try await CLIProcess.run(
                ["run", TestPaths.scenario("quickstart.yaml"), "--db", "results.sqlite", "--quiet"] + extra,
                in: scratch.url)
            try #require(output.status == 0, "\(output)")
        }
        return scratch
    }

    @Test("compare 1 2 prints both runs and the deltas")
    func compareTwoRuns() async throws {
        let scratch = try await twoRuns()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["compare", "1", "2", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.tableRow("metric") == ["metric", "unit", "run", "1", "run", "2", "delta", "delta", "%"])
        #expect(output.tableRow("jobs_submitted") == ["jobs_submitted", "jobs", "661", "662", "+1", "+0.2%"])
        #expect(output.tableRow("gpu_capacity") == ["gpu_capacity", "GPUs", "56", "56", "0", "+0.0%"])

        let store = try ResultStore(path: scratch.path("results.sqlite"))
        let first = try #require(try store.summary(runID: 1).first { $0.name == "queue_time_mean" }).value
        let second = try #require(try store.summary(runID: 2).first { $0.name == "queue_time_mean" }).value
        let row = try #require(output.tableRow("queue_time_mean"), "\(output)")
        let delta = try #require(Double(row[4]), "\(row)")
        #expect(abs(delta - (second - first)) < 0.01, "\(row) vs \(second - first)")

        let latest = try await CLIProcess.run(
            ["compare", "latest~1", "latest", "--db", "results.sqlite"], in: scratch.url)
        #expect(latest.stdout == output.stdout, "\(latest)")
    }

    @Test("compare with one run is a usage error (64)")
    func compareNeedsTwoRuns() async throws {
        let scratch = try await twoRuns()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["compare", "1", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("compare needs at least two runs"), "\(output)")
        #expect(output.stdout.isEmpty)
    }

    @Test("compare with an unknown run id names it and lists the accepted forms")
    func compareUnknownRun() async throws {
        let scratch = try await twoRuns()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["compare", "1", "99", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 64, "\(output)")
        #expect(
            output.stderr.contains("Error: no stored run matches '99' (there is no run with id 99)"), "\(output)")
        #expect(output.stderr.contains("`capsim runs` lists them"), "\(output)")
        #expect(output.stdout.isEmpty)
    }

    @Test("compare without a database says where it looked (66) and creates no file")
    func compareWithoutDatabase() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["compare", "1", "2", "--db", "none.sqlite"], in: scratch.url)
        #expect(output.status == 66, "\(output)")
        #expect(output.stderr.contains("no result database at none.sqlite"), "\(output)")
        #expect(!scratch.exists("none.sqlite"))
    }
}
