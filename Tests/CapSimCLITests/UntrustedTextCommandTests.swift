import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// Names from a scenario someone else wrote reach the terminal as visible escapes, never as control characters,
/// in every command's table output and error messages (issue #9).
@Suite struct UntrustedTextCommandTests {
    /// Clears the screen, retitles the terminal, rings the bell, then starts a new line.
    static let name = "evil\u{1B}[2J\u{1B}]0;title\u{07}\nrow"
    /// `name` as the tables print it.
    static let escapedName = #"evil\e[2J\e]0;title\a\nrow"#

    /// A valid scenario whose name and workload name hold escape sequences.
    static let scenario = """
        name: "evil\\e[2J\\e]0;title\\a\\nrow"
        description: "colour\\e[31m"
        cluster:
          nodePools:
            - name: pool
              count: 1
              cpu: "4"
              memory: 8Gi
        workloads:
          - name: "work\\e[1m\\u202e"
            requests: {cpu: "1", memory: 1Gi}
            duration: 1h
            arrivals: {at: [0s]}

        """

    /// Whether text holds a control character other than a newline, or a bidi override.
    private static func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value)
        }
    }

    @Test("run, runs and validate print the scenario name escaped, on one line; JSON gives it back whole")
    func commands() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("evil.yaml", Self.scenario)

        let run = try await CLIProcess.run(["run", path, "--db", "results.sqlite"], in: scratch.url)
        #expect(run.status == 0, "\(run)")
        #expect(!Self.hasControls(run.stdout + run.stderr), "\(run)")
        #expect(run.stdout.hasPrefix("run 1: \(Self.escapedName) (seed 1, timed"), "\(run)")

        let runs = try await CLIProcess.run(["runs", "--db", "results.sqlite"], in: scratch.url)
        #expect(runs.status == 0, "\(runs)")
        #expect(!Self.hasControls(runs.stdout), "\(runs)")
        let lines = runs.stdout.split(separator: "\n")
        #expect(lines.count == 3, "header, dashes, one run: \(runs)")
        #expect(lines.last?.contains("  \(Self.escapedName)  ") == true, "\(runs)")

        let json = try await CLIProcess.run(["runs", "--db", "results.sqlite", "--format", "json"], in: scratch.url)
        #expect(!Self.hasControls(json.stdout), "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let stored = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect(stored["scenario"] as? String == Self.name)
        #expect(stored["scenario_description"] as? String == "colour\u{1B}[31m")

        let validate = try await CLIProcess.run(["validate", path], in: scratch.url)
        #expect(validate.status == 0, "\(validate)")
        #expect(!Self.hasControls(validate.stdout), "\(validate)")
        #expect(validate.stdout.contains("  scenario   \(Self.escapedName) (seed 1, mode timed)"), "\(validate)")
    }

    @Test("an error message that quotes scenario text prints it escaped")
    func errorMessage() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(
            "bad.yaml",
            Self.scenario.replacingOccurrences(of: "      count: 1", with: "      \"count\\e[2J\\u009b\": 1"))

        let output = try await CLIProcess.run(["validate", path], in: scratch.url)

        #expect(output.status == 65, "\(output)")
        #expect(!Self.hasControls(output.stderr), "\(output)")
        #expect(output.stderr.contains(#"cluster.nodePools[0].count\e[2J\u{9b}"#), "\(output)")
    }

    @Test("a NUL in the scenario name: exit 65 naming the key, and nothing stored")
    func nulName() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(
            "nul.yaml", Self.scenario.replacingOccurrences(of: #"name: "evil\e[2J"#, with: #"name: "cut\0here"#))

        let output = try await CLIProcess.run(["run", path, "--db", "results.sqlite"], in: scratch.url)

        #expect(output.status == 65, "\(output)")
        #expect(
            output.stderr.contains(#"nul.yaml:1: name: contains a NUL character (\0), which capsim cannot store"#),
            "\(output)")
        let stored =
            scratch.exists("results.sqlite") ? try ResultStore(path: scratch.path("results.sqlite")).runs() : []
        #expect(stored.isEmpty)
    }
}
