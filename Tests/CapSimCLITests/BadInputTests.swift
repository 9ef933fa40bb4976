import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// Bad scenarios, traces and databases: exit code, a message that locates the problem, and nothing stored.
@Suite struct BadInputTests {
    /// A valid one-pool, one-job scenario; cases below change one line of it.
    static let validScenario = """
        name: small
        cluster:
          nodePools:
            - name: pool
              count: 1
              cpu: "4"
              memory: 8Gi
        workloads:
          - name: work
            requests: {cpu: "1", memory: 1Gi}
            duration: 1h
            arrivals: {at: [0s]}

        """

    /// One broken scenario and what `capsim run` must say about it.
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        /// `(line to replace, replacement)` in `validScenario`.
        let edit: (String, String)
        let status: Int32
        /// Substrings stderr must contain.
        let messages: [String]

        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "negative CPU", edit: ("cpu: \"4\"", "cpu: \"-2\""), status: 65,
            messages: ["Error: bad.yaml:6: cluster.nodePools[0].cpu: quantity \"-2\" must not be negative"]),
        Case(
            label: "memory 12Gb", edit: ("memory: 8Gi", "memory: 12Gb"), status: 65,
            messages: [
                "Error: bad.yaml:7: cluster.nodePools[0].memory: invalid quantity \"12Gb\": unknown suffix \"Gb\"",
                "did you mean Gi (2^30) or G (10^9)?",
            ]),
        Case(
            label: "unknown key", edit: ("      count: 1", "      cuont: 1"), status: 65,
            messages: [
                "Error: bad.yaml:5: cluster.nodePools[0].cuont: unknown key `cuont`; did you mean `count`?",
                "Allowed keys here: name, count, cpu, memory",
            ]),
        Case(
            label: "YAML syntax error", edit: ("arrivals: {at: [0s]}", "arrivals: {at: [0s]"), status: 65,
            messages: [
                "Error: bad.yaml:13: YAML syntax error at line 13, column 1:",
                "while parsing a flow mapping at line 12",
            ]),
        Case(
            label: "unknown key `not found` is invalid, not missing",
            edit: ("name: small", "name: small\nnot found: 1"),
            status: 65,
            messages: ["Error: bad.yaml:2: not found: unknown key `not found`", "Allowed keys here: name, description"]),
        Case(
            label: "fractional GPU", edit: ("requests: {cpu: \"1\", memory: 1Gi}", "requests: {nvidia.com/gpu: 0.5}"),
            status: 65,
            messages: [
                "Error: bad.yaml:10: workloads[0].requests.nvidia.com/gpu: quantity \"0.5\" must be a whole number",
                "request `alibabacloud.com/gpu-milli` instead",
            ]),
    ]

    @Test("bad scenario: exit code, file:line: key path: message, no database", arguments: cases)
    func badScenario(_ badCase: Case) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let text = Self.validScenario.replacingOccurrences(of: badCase.edit.0, with: badCase.edit.1)
        try #require(text != Self.validScenario, "the edit of \(badCase.label) did not apply")
        try scratch.write("bad.yaml", text)
        let output = try await CLIProcess.run(["run", "bad.yaml", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == badCase.status, "\(output)")
        for message in badCase.messages {
            #expect(output.stderr.contains(message), "expected \(message) in \(output)")
        }
        #expect(output.stdout.isEmpty, "\(output)")
        #expect(!scratch.exists("results.sqlite"), "a failed run must not create the database")

        let validate = try await CLIProcess.run(["validate", "bad.yaml"], in: scratch.url)
        #expect(validate.status == badCase.status, "\(validate)")
        #expect(validate.stderr == output.stderr, "validate and run report the same problem")
    }

    @Test("the valid base scenario of the bad-input cases runs")
    func validBaseScenario() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("good.yaml", Self.validScenario)
        let output = try await CLIProcess.run(["run", "good.yaml", "--no-store"], in: scratch.url)
        #expect(output.status == 0, "\(output)")
        #expect(output.tableValue("jobs_succeeded") == 1, "\(output)")
        #expect(!scratch.exists("capsim.sqlite"), "--no-store must not create the database")
    }

    @Test("a bad scenario adds no run to an existing database")
    func badScenarioKeepsExistingRuns() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("good.yaml", Self.validScenario)
        let good = try await CLIProcess.run(["run", "good.yaml", "--db", "results.sqlite"], in: scratch.url)
        try #require(good.status == 0, "\(good)")
        try scratch.write("bad.yaml", Self.validScenario.replacingOccurrences(of: "count: 1", with: "count: -1"))
        let bad = try await CLIProcess.run(["run", "bad.yaml", "--db", "results.sqlite"], in: scratch.url)
        #expect(bad.status == 65, "\(bad)")
        #expect(
            bad.stderr.contains("bad.yaml:5: cluster.nodePools[0].count: must be between 0 and 100000, found -1"),
            "\(bad)")
        #expect(try ResultStore(path: scratch.path("results.sqlite")).runs().map(\.id) == [1])
    }

    @Test("missing scenario file: 66, names the file")
    func missingScenario() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["run", "nope.yaml", "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 66, "\(output)")
        #expect(output.stderr.contains("Error: nope.yaml: scenario file not found (looked for "), "\(output)")
        #expect(output.stderr.contains("nope.yaml)"), "\(output)")
        #expect(!scratch.exists("results.sqlite"))
    }

    @Test("missing trace file: 66, names the resolved path and --traces / CAPSIM_TRACES")
    func missingTrace() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write(
            "trace.yaml",
            """
            name: trace
            mode: arrival-only
            cluster:
              trace: {format: openb, nodes: openb/openb_node_list_gpu_node.csv}
            workloads:
              - name: openb
                trace: {format: openb, pods: openb/openb_pod_list_default.csv}

            """)
        let traces = scratch.path("no-traces")
        let output = try await CLIProcess.run(
            ["run", "trace.yaml", "--traces", traces, "--db", "results.sqlite"], in: scratch.url)
        #expect(output.status == 66, "\(output)")
        #expect(
            output.stderr.contains(
                "Error: trace.yaml:4: cluster.trace.nodes: trace file not found: "
                    + "\(traces)/openb/openb_node_list_gpu_node.csv"),
            "\(output)")
        #expect(output.stderr.contains("`--traces DIR` or `CAPSIM_TRACES`"), "\(output)")
        #expect(!scratch.exists("results.sqlite"))

        let fromEnvironment = try await CLIProcess.run(
            ["run", "trace.yaml", "--db", "results.sqlite"], in: scratch.url, environment: ["CAPSIM_TRACES": traces])
        #expect(fromEnvironment.status == 66, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr == output.stderr, "CAPSIM_TRACES and --traces resolve alike")
        #expect(!scratch.exists("results.sqlite"))
    }

    @Test("--db on a file that is not SQLite: 74, clear message, file untouched")
    func garbageDatabase() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: scratch.path("garbage.sqlite")))
        let before = try scratch.fileNames()
        let output = try await CLIProcess.run(
            ["run", TestPaths.scenario("quickstart.yaml"), "--db", "garbage.sqlite"], in: scratch.url)
        #expect(output.status == 74, "\(output)")
        #expect(
            output.stderr.contains(
                "Error: 'garbage.sqlite' is not a capsim result database (SQLite cannot read it: not a database file"),
            "\(output)")
        #expect(output.stderr.contains("pass another file with --db"), "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("garbage.sqlite"))) == garbage)
        #expect(try scratch.fileNames() == before, "no -wal or -shm file next to a foreign file")

        for command in [["runs"], ["compare", "1", "2"]] {
            let other = try await CLIProcess.run(command + ["--db", "garbage.sqlite"], in: scratch.url)
            #expect(other.status == 74, "\(command): \(other)")
            #expect(other.stderr == output.stderr, "\(command)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("garbage.sqlite"))) == garbage)
    }

    @Test("runs without a database: 66, creates no file")
    func runsWithoutDatabase() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let output = try await CLIProcess.run(["runs", "--db", "none.sqlite"], in: scratch.url)
        #expect(output.status == 66, "\(output)")
        #expect(output.stderr.contains("no result database at none.sqlite"), "\(output)")
        #expect(!scratch.exists("none.sqlite"))
    }
}
