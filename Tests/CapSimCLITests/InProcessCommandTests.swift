import CapSimScenario
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

@testable import capsim

/// The commands' error paths run in-process: `run()` throws a `CLIError` carrying the exit code, the message that
/// `CapSim.main()` prints after `Error: `, and the library error whose kind chose the code.
///
/// Paths are absolute, as the test runner's working directory is not a scratch folder.
@Suite struct InProcessCommandTests {
    /// An error of a type that carries no kind.
    private struct Unexpected: Error {}

    /// Parses `arguments` as `capsim`'s command line and runs the command, expecting it to throw a `CLIError`.
    private func failure(_ arguments: [String]) throws -> CLIError {
        var command = try CapSim.parseAsRoot(arguments)
        return try #require(throws: CLIError.self) { try command.run() }
    }

    @Test(
        "missing scenario file: 66, the loader's message, kind notFound, no database", arguments: ["run", "validate"])
    func missingScenario(_ subcommand: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scenario = scratch.path("nope.yaml")
        let extra = subcommand == "run" ? ["--db", scratch.path("results.sqlite"), "--quiet"] : []

        let error = try failure([subcommand, scenario] + extra)

        #expect(error.code == .noInput)
        #expect(error.exitCode.rawValue == 66)
        #expect(error.message == "\(scenario): scenario file not found")
        #expect((error.cause as? ScenarioError)?.kind == .notFound)
        #expect(!scratch.exists("results.sqlite"))
    }

    @Test("invalid scenario: 65, file:line: key path: message, kind invalid, no database")
    func invalidScenario() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scenario = try scratch.write(
            "bad.yaml", BadInputTests.validScenario.replacingOccurrences(of: "cpu: \"4\"", with: "cpu: \"-2\""))

        let error = try failure(["run", scenario, "--db", scratch.path("results.sqlite"), "--quiet"])

        #expect(error.code == .dataError)
        #expect(error.exitCode.rawValue == 65)
        #expect(
            error.message.hasPrefix("\(scenario):6: cluster.nodePools[0].cpu: quantity \"-2\" must not be negative"))
        #expect((error.cause as? ScenarioError)?.kind == .invalid)
        #expect(!scratch.exists("results.sqlite"))
        #expect(try failure(["validate", scenario]).message == error.message, "validate and run report alike")
    }

    @Test("missing trace file: 66, names the resolved path, kind notFound")
    func missingTrace() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scenario = try scratch.write(
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

        let error = try failure(["validate", scenario, "--traces", traces])

        #expect(error.code == .noInput)
        #expect(
            error.message.hasPrefix(
                "\(scenario):4: cluster.trace.nodes: trace file not found: \(traces)/openb/openb_node_list_gpu_node.csv"
            ))
        #expect((error.cause as? ScenarioError)?.kind == .notFound)
    }

    @Test("compare with a run id that is not stored: 64, names it, kind runNotFound")
    func badRunID() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let database = scratch.path("results.sqlite")
        try ResultStore(path: database).save(StoreFixtures.metadata(), result: StoreFixtures.result())

        let error = try failure(["compare", "1", "99", "--db", database])

        #expect(error.code == .usage)
        #expect(error.exitCode.rawValue == 64)
        #expect(error.message.hasPrefix("no stored run matches '99' (there is no run with id 99)"))
        #expect(error.message.hasSuffix("(`capsim runs` lists them)"))
        #expect((error.cause as? StoreError)?.kind == .runNotFound)
    }

    @Test("run with a --db that cannot be created: 74 before simulating, kind io, nothing created")
    func unwritableDatabase() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // A folder that does not exist cannot hold the file, whoever runs the test (root ignores permissions).
        let database = scratch.path("missing-folder/results.sqlite")

        let error = try failure(["run", TestPaths.scenario("quickstart.yaml"), "--db", database, "--quiet"])

        #expect(error.code == .ioError)
        #expect(error.exitCode.rawValue == 74)
        #expect(error.message.hasPrefix("cannot open result database '\(database)': "))
        #expect(error.message.hasSuffix("; check that the directory exists and is writable"))
        #expect((error.cause as? StoreError)?.kind == .io)
        #expect(try scratch.fileNames().isEmpty)
    }

    @Test("runs without a database: 66, the CLI's own message")
    func runsWithoutDatabase() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let database = scratch.path("none.sqlite")

        let error = try failure(["runs", "--db", database])

        #expect(error.code == .noInput)
        #expect(error.message == "no result database at \(database); run `capsim run SCENARIO` first or pass --db PATH")
        #expect(error.cause == nil)
        #expect(!scratch.exists("none.sqlite"))
    }

    @Test("exit codes by kind: 66 for a missing file, 65 for other scenario or trace problems, 64 for an unknown run")
    func exitCodesByKind() {
        #expect(ScenarioError.Kind.allCases.map(CLIError.code(for:)) == [.noInput, .dataError, .dataError])
        #expect(TraceError.Kind.allCases.map(CLIError.code(for:)) == [.noInput, .dataError, .dataError])
        #expect(StoreError.Kind.allCases.map(CLIError.code(for:)) == [.usage, .ioError, .ioError, .ioError])
        #expect(CLIError.Code.allCases.map(\.rawValue) == [64, 65, 66, 74])
        #expect(CLIError(Unexpected(), fallback: .ioError).code == .ioError, "an error without a kind")
    }
}

/// `--strict` turns scenario warnings into errors (issue #9).
@Suite struct StrictWarningTests {
    @Test("validate --strict: 65 naming the warning count; without --strict the scenario is valid")
    func strict() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scenario = try scratch.write(
            "tiny-memory.yaml", BadInputTests.validScenario.replacingOccurrences(of: "memory: 1Gi", with: "memory: 1"))
        var lenient = try CapSim.parseAsRoot(["validate", scenario])
        try lenient.run()
        var strict = try CapSim.parseAsRoot(["validate", scenario, "--strict"])
        let error = try #require(throws: CLIError.self) { try strict.run() }
        #expect(error.exitCode.rawValue == 65)
        #expect(error.message == "\(scenario): 1 warning and --strict: fix them or drop --strict")
    }
}
