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
    /// A save waits as long as another capsim process writes to the same file, printing a notice on stderr
    /// after 10 s and every minute after that.
    ///
    /// - Returns: The store.
    /// - Throws: `CLIError` (74 when the file cannot be opened, created or used as a result store).
    func openStore() throws -> ResultStore {
        let path = db
        do {
            return try ResultStore(path: path) { waited in
                // Another capsim process is writing: say so, and keep waiting (a run is never dropped).
                let lineBreak = isatty(STDERR_FILENO) == 1 ? "\n" : ""
                let message =
                    "\(lineBreak)capsim: waiting for another process to finish writing to \(TerminalText.escaped(path)) "
                    + "(\(waited) s so far); this run will be stored as soon as it can\n"
                FileHandle.standardError.write(Data(message.utf8))
            }
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

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Treat warnings as errors (exit 65).",
            discussion: "Warnings flag legal but suspicious settings, for example `memory: 128` (128 bytes)."))
    var strict = false

    /// Loads and validates the scenario with the command line's traces folder, seed and baseline, and prints its
    /// warnings on stderr (escaped: scenario text is untrusted).
    ///
    /// - Returns: The scenario.
    /// - Throws: `CLIError` whose code follows the scenario or trace error's kind (66 not found, 65 otherwise);
    ///   65 when `--strict` is given and the scenario has warnings.
    func load() throws -> LoadedScenario {
        try checkRegularFile()
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader(tracesDirectory: tracesDirectory, staticPartition: baseline == .staticPartition)
                .load(path: scenario, seedOverride: seed)
        } catch {
            throw CLIError(error, fallback: .dataError)
        }
        for warning in loaded.warnings {
            FileHandle.standardError.write(Data((TerminalText.escaped(warning.description) + "\n").utf8))
        }
        if strict && !loaded.warnings.isEmpty {
            let count = loaded.warnings.count
            throw CLIError(
                message:
                    "\(scenario): \(count) warning\(count == 1 ? "" : "s") and --strict: fix them or drop --strict",
                code: .dataError)
        }
        return loaded
    }
}
