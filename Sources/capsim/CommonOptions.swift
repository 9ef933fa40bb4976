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

    func openStore() throws -> ResultStore {
        do {
            return try ResultStore(path: db)
        } catch {
            throw CLIError(message: "\(error)", code: .ioError)
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
            throw CLIError(message: "\(error)", code: .ioError)
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

    /// Whether a scenario error means that a file does not exist (exit 66) rather than that it is invalid (65).
    ///
    /// Only whole-file errors (no key path) about the scenario itself and the parser's "trace file not found"
    /// count; other messages that merely contain the words "not found" (an unknown key `not found`) are invalid
    /// input.
    private func isMissingFile(_ error: ScenarioError) -> Bool {
        if error.keyPath.isEmpty { return !FileManager.default.fileExists(atPath: scenario) }
        return error.message.hasPrefix("trace file not found:")
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

    func load() throws -> LoadedScenario {
        try checkRegularFile()
        do {
            return try ScenarioLoader(tracesDirectory: tracesDirectory, staticPartition: baseline == .staticPartition)
                .load(path: scenario, seedOverride: seed)
        } catch let error as ScenarioError {
            throw CLIError(message: "\(error)", code: isMissingFile(error) ? .noInput : .dataError)
        } catch let error as TraceError {
            throw CLIError(message: "\(error)", code: error.message == "file not found" ? .noInput : .dataError)
        }
    }
}

/// An error the CLI reports with a sysexits-style code.
struct CLIError: Error, CustomStringConvertible {
    enum Code: Int32 {
        case usage = 64
        case dataError = 65
        case noInput = 66
        case ioError = 74
    }

    var message: String
    var code: Code

    var description: String { message }
}

/// Prints an error to stderr and exits with its code.
func exitWith(_ error: CLIError) -> Never {
    // "Error:" like ArgumentParser's own messages (usage errors), so every error line starts alike.
    FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
    CapSim.exit(withError: ExitCode(error.code.rawValue))
}

/// Writes a progress bar on stderr when stderr is a terminal.
final class TerminalProgress: SimulationObserver {
    private let isEnabled: Bool
    private let label: String
    private var lastPercent = -1

    init(label: String, enabled: Bool) {
        self.label = label
        isEnabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func progress(_ fraction: Double) {
        guard isEnabled else { return }
        let percent = Int(fraction * 100)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
        if percent >= 100 { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
