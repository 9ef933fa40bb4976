import Foundation
import Testing

/// What one run of the `capsim` binary printed, and how it exited.
struct CLIOutput: Sendable, CustomStringConvertible {
    /// Exit status (the process's exit code).
    let status: Int32
    /// Everything written to stdout.
    let stdout: String
    /// Everything written to stderr.
    let stderr: String

    /// All output, for failure messages.
    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    /// The value column of a summary table row (`jobs_submitted   661  jobs` → 661), or `nil`.
    func tableValue(_ metric: String) -> Double? {
        tableRow(metric).flatMap { $0.count >= 2 ? Double($0[1]) : nil }
    }

    /// The whitespace-separated cells of the stdout line whose first cell is `first`, or `nil`.
    func tableRow(_ first: String) -> [String]? {
        for line in stdout.split(separator: "\n") {
            let cells = line.split(whereSeparator: { $0 == " " }).map(String.init)
            if cells.first == first { return cells }
        }
        return nil
    }
}

/// Runs the built `capsim` executable as a child process.
///
/// Commands throw, so most error paths are also tested in-process (`InProcessCommandTests`); these end-to-end
/// tests run the real binary, as a user would, to check what reaches stdout, stderr and the exit status. SwiftPM
/// builds the executable next to the test bundle (`<scratch>/<config>/capsim`); `CAPSIM_BINARY` overrides the
/// location.
enum CLIProcess {
    /// Folders searched for the binary, most specific first: the folder of the test bundle and of the running
    /// test executable (both are the build products folder under `swift test`).
    private static var candidateFolders: [URL] {
        var folders: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            let url = bundle.bundleURL
            folders.append(url.pathExtension == "xctest" ? url.deletingLastPathComponent() : url)
        }
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
        }
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        folders.append(argument0.deletingLastPathComponent())
        // macOS: <config>/capsimPackageTests.xctest/Contents/MacOS/capsimPackageTests.
        folders.append(
            argument0.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent())
        var seen: Set<String> = []
        return folders.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The `capsim` executable to test, or `nil` when it cannot be found.
    static let binary: URL? = {
        if let override = ProcessInfo.processInfo.environment["CAPSIM_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        for folder in candidateFolders {
            let candidate = folder.appendingPathComponent("capsim")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        return nil
    }()

    /// Runs `capsim` with `arguments` in `directory` and waits for it to exit.
    ///
    /// The child's environment is the test's, without `CAPSIM_TRACES` (so only `--traces` or `environment` choose
    /// the traces folder), plus `environment`.
    ///
    /// - Parameters:
    ///   - arguments: Command-line arguments after `capsim`.
    ///   - directory: Working directory of the child.
    ///   - environment: Extra environment variables.
    /// - Returns: Exit status and output.
    /// - Throws: When the binary is missing or cannot be started.
    static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) async throws -> CLIOutput {
        let binary = try #require(
            binary,
            """
            the capsim executable was not found next to the test bundle (looked in \
            \(candidateFolders.map(\.path).joined(separator: ", "))); build it with `swift build` first, \
            or set CAPSIM_BINARY to its path
            """)
        let id = UUID().uuidString
        let stdoutURL = directory.appendingPathComponent(".stdout-\(id)")
        let stderrURL = directory.appendingPathComponent(".stderr-\(id)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var childEnvironment = ProcessInfo.processInfo.environment
        childEnvironment["CAPSIM_TRACES"] = nil
        childEnvironment.merge(environment) { $1 }
        process.environment = childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        var launchError: (any Error)?
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                launchError = error
                continuation.resume()
            }
        }
        try stdoutHandle.close()
        try stderrHandle.close()
        if let launchError {
            throw CLIProcessError(message: "could not start \(binary.path): \(launchError)")
        }
        return CLIOutput(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}

/// The `capsim` binary could not be started.
struct CLIProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String

    var description: String { message }
}
