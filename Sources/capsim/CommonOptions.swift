import ArgumentParser
import CapSimCore
import CapSimReport
import CapSimScenario
import CapSimStore
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// The `--db` option of `capsim run`, which stores runs: the file is created if missing.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite result file (created if missing).")
    var db: String = "capsim.sqlite"

    /// Opens the database for writing, creating it when missing.
    ///
    /// - Returns: The store.
    /// - Throws: `CLIError` (74 when the file cannot be opened, created or used as a result store).
    func openStore() throws -> ResultStore {
        do {
            return try ResultStore(path: db)
        } catch {
            throw CLIError(error, fallback: .ioError)
        }
    }
}

/// The `--db` option of commands that only read stored runs (`runs`, `compare`): the file must exist and is
/// opened read-only, so a database the user cannot write can still be listed and compared.
struct ReadDatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite result file written by `capsim run` (must exist; opened read-only).")
    var db: String = "capsim.sqlite"

    /// Opens the database read-only.
    ///
    /// - Parameter missingHint: Advice appended to the "no result database" error (exit 66).
    /// - Returns: The store.
    /// - Throws: `CLIError` (66 when the file is missing, 74 when it cannot be read).
    func openStore(missingHint: String) throws -> ResultStore {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CLIError(message: "no result database at \(db); \(missingHint)", code: .noInput)
        }
        do {
            return try ResultStore(path: db, readOnly: true)
        } catch {
            throw CLIError(error, fallback: .ioError)
        }
    }
}

/// Options shared by commands that read scenarios.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario YAML file (see scenarios/ and README).")
    var scenario: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder that trace paths in the scenario are relative to.",
            discussion: "Default: $CAPSIM_TRACES, or traces/ in the working directory."))
    var traces: String?

    @Option(
        name: .long,
        // Unconditional, so that `--seed -1` reaches the range check below instead of reading as a flag.
        parsing: .unconditional,
        help: "Override the scenario's seed (0 ... 18446744073709551615).",
        transform: Self.parseSeed)
    var seed: UInt64?

    /// Parses a `--seed` value: a whole number from 0 to 2^64-1.
    static func parseSeed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else {
            throw ValidationError(
                "the seed must be a whole number from 0 to 18446744073709551615 (2^64-1), found '\(text)'")
        }
        return seed
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run a baseline instead of the Kubernetes cluster: static-partition.",
            discussion: "static-partition: each team keeps dedicated machines (the scenario's `staticPartition:`)."))
    var baseline: Baseline?

    /// Baselines a scenario can be run as.
    enum Baseline: String, ExpressibleByArgument, CaseIterable {
        case staticPartition = "static-partition"
    }

    var tracesDirectory: String {
        traces ?? ProcessInfo.processInfo.environment["CAPSIM_TRACES"] ?? "traces"
    }

    /// Throws when `scenario` exists but is not a regular file (a directory, `/dev/null`, a FIFO): the loader
    /// would otherwise report a misleading read error, or block on a FIFO.
    private func checkRegularFile() throws {
        var status = stat()
        guard stat(scenario, &status) == 0 else {
            return  // Missing or unreadable: the loader reports it.
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CLIError(
                message: "\(scenario): is not a regular file; give the path of a scenario YAML file", code: .dataError)
        }
    }

    /// Loads and validates the scenario with the command line's traces folder, seed and baseline.
    ///
    /// - Returns: The scenario.
    /// - Throws: `CLIError` whose code follows the scenario or trace error's kind (66 not found, 65 otherwise).
    func load() throws -> LoadedScenario {
        try checkRegularFile()
        do {
            return try ScenarioLoader(tracesDirectory: tracesDirectory, staticPartition: baseline == .staticPartition)
                .load(path: scenario, seedOverride: seed)
        } catch {
            throw CLIError(error, fallback: .dataError)
        }
    }
}
