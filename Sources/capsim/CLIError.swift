import ArgumentParser

/// An error the CLI reports with a sysexits-style code: commands throw it, and `CapSim.main()` prints
/// `Error: <message>` on stderr and exits with `exitCode`.
///
/// Errors from the libraries become a `CLIError` through `init(_:fallback:)` (`CLIError+Kinds.swift`), the one
/// place that maps an error's kind to an exit code (README, "Exit codes").
struct CLIError: Error, CustomStringConvertible {
    /// The exit codes capsim documents, named as in sysexits(3).
    enum Code: Int32, Sendable, CaseIterable {
        /// 64: bad command-line usage, including a run id that is not in the database.
        case usage = 64
        /// 65: invalid scenario or trace file.
        case dataError = 65
        /// 66: scenario, trace or database file not found.
        case noInput = 66
        /// 74: the result database could not be opened, read or written.
        case ioError = 74
    }

    /// What went wrong and what to do, without the `Error:` prefix.
    var message: String
    /// The exit code.
    var code: Code
    /// The library error this one reports, if any.
    var cause: (any Error)?

    /// Creates an error the CLI itself detected.
    ///
    /// - Parameters:
    ///   - message: What went wrong and what to do.
    ///   - code: The exit code.
    ///   - cause: The library error this one reports, if any.
    init(message: String, code: Code, cause: (any Error)? = nil) {
        self.message = message
        self.code = code
        self.cause = cause
    }

    /// The process exit code, for ArgumentParser.
    var exitCode: ExitCode { ExitCode(code.rawValue) }

    var description: String { message }
}
