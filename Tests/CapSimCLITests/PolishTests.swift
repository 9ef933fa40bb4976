import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// Read-only databases, `--seed` range, non-regular scenario paths, help text and the error prefix.
@Suite struct PolishTests {
    /// A folder whose `results.sqlite` holds one quickstart run, made read-only (r--r--r--).
    private func readOnlyDatabase() async throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        let output = try await CLIProcess.run(
            ["run", TestPaths.scenario("quickstart.yaml"), "--db", "results.sqlite", "--quiet"], in: scratch.url)
        try #require(output.status == 0, "\(output)")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: scratch.path("results.sqlite"))
        return scratch
    }

    private func snapshot(_ path: String) throws -> (Data, Date?) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as? Date)
    }

    @Test("runs and compare read a read-only database without writing it")
    func readOnlyDatabaseCommands() async throws {
        let scratch = try await readOnlyDatabase()
        defer { scratch.remove() }
        let path = scratch.path("results.sqlite")
        let (bytes, modified) = try snapshot(path)

        let runs = try await CLIProcess.run(["runs", "--db", "results.sqlite"], in: scratch.url)
        #expect(runs.status == 0, "\(runs)")
        #expect(runs.tableRow("1")?.contains("quickstart") == true, "\(runs)")
        #expect(runs.stderr.isEmpty, "\(runs)")

        let compare = try await CLIProcess.run(["compare", "1", "latest", "--db", "results.sqlite"], in: scratch.url)
        #expect(compare.status == 0, "\(compare)")
        #expect(compare.tableRow("jobs_submitted") == ["jobs_submitted", "jobs", "661", "661", "0", "+0.0%"])

        let json = try await CLIProcess.run(["runs", "--db", "results.sqlite", "--format", "json"], in: scratch.url)
        #expect(json.status == 0, "\(json)")
        #expect(json.stdout.contains("\"scenario_name\" : \"quickstart\"") || json.stdout.contains("quickstart"))

        let after = try snapshot(path)
        #expect(after.0 == bytes, "the database bytes must not change")
        #expect(after.1 == modified, "the database must not be written")
        let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber
        #expect((wal?.intValue ?? 0) == 0, "readers add nothing to the WAL")
    }

    @Test("--seed outside 0...2^64-1: exit 64 with the allowed range; the help names it")
    func seedRange() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for (command, seed) in [("run", "-1"), ("validate", "-1"), ("run", "18446744073709551616"), ("run", "x")] {
            let output = try await CLIProcess.run(
                [command, TestPaths.scenario("quickstart.yaml"), "--seed", seed, "--db", "results.sqlite"],
                in: scratch.url)
            #expect(output.status == 64, "\(command) --seed \(seed): \(output)")
            #expect(
                output.stderr.hasPrefix(
                    "Error: The value '\(seed)' is invalid for '--seed <seed>': the seed must be a whole number "
                        + "from 0 to 18446744073709551615 (2^64-1), found '\(seed)'"),
                "\(output)")
            #expect(output.stdout.isEmpty)
        }
        #expect(!scratch.exists("results.sqlite"))

        let maximum = try await CLIProcess.run(
            ["validate", TestPaths.scenario("quickstart.yaml"), "--seed", "18446744073709551615"], in: scratch.url)
        #expect(maximum.status == 0, "\(maximum)")
        #expect(maximum.stdout.contains("(seed 18446744073709551615,"), "\(maximum)")

        let help = try await CLIProcess.run(["run", "--help"], in: scratch.url, environment: ["COLUMNS": "200"])
        #expect(help.stdout.contains("(0 ... 18446744073709551615)"), "\(help)")
    }

    @Test("a scenario path that is not a regular file: 65, says so, no database", arguments: ["/dev/null", "."])
    func notARegularFile(_ path: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for arguments in [["run", path, "--db", "results.sqlite"], ["validate", path]] {
            let output = try await CLIProcess.run(arguments, in: scratch.url)
            #expect(output.status == 65, "\(output)")
            #expect(
                output.stderr
                    == "Error: \(path): is not a regular file; give the path of a scenario YAML file\n",
                "\(output)")
        }
        #expect(!scratch.exists("results.sqlite"))
    }

    @Test("--db help: created if missing for run, must exist for runs and compare")
    func databaseHelp() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try await CLIProcess.run(["run", "--help"], in: scratch.url)
        #expect(run.stdout.contains("(created if missing)"), "\(run)")
        for command in ["runs", "compare"] {
            let help = try await CLIProcess.run([command, "--help"], in: scratch.url)
            #expect(help.status == 0, "\(help)")
            #expect(!help.stdout.contains("created if missing"), "\(command): \(help)")
            #expect(help.stdout.contains("must"), "\(command): \(help)")
            #expect(help.stdout.contains("read-only"), "\(command): \(help)")
        }
    }

    @Test("top-level help: no developer paths, the description wraps as one paragraph")
    func topLevelHelp() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let help = try await CLIProcess.run(["--help"], in: scratch.url, environment: ["COLUMNS": "200"])
        #expect(help.status == 0, "\(help)")
        #expect(!help.stdout.contains("../shared"), "\(help)")
        #expect(help.stdout.contains("--traces /path/to/traces"), "\(help)")
        // At 200 columns the whole paragraph fits on one line when no hard line break splits it.
        #expect(
            help.stdout.contains(
                "GPU-cluster trace) through a deterministic discrete-event simulation, prints queue times"),
            "\(help)")
        let run = try await CLIProcess.run(["run", "--help"], in: scratch.url)
        #expect(!run.stdout.contains("../shared"), "\(run)")
    }

    @Test("capsim's own errors start with Error:, like ArgumentParser's")
    func errorPrefix() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let own = try await CLIProcess.run(["runs", "--db", "none.sqlite"], in: scratch.url)
        #expect(own.status == 66)
        #expect(own.stderr.hasPrefix("Error: no result database at none.sqlite"), "\(own)")
        let parser = try await CLIProcess.run(["runs", "--bogus"], in: scratch.url)
        #expect(parser.status == 64)
        #expect(parser.stderr.hasPrefix("Error: "), "\(parser)")
    }
}
