import ArgumentParser
import CapSimReport
import Foundation

/// The `capsim` command: simulate a Kubernetes cluster running ML work and keep the results in SQLite.
@main
struct CapSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capsim",
        abstract: "Simulate a Kubernetes cluster running machine-learning work, for capacity planning.",
        discussion: """
            capsim replays a scenario (node pools, a kube-scheduler profile and workloads, or a public GPU-cluster \
            trace) through a deterministic discrete-event simulation, prints queue times, GPU allocation and other \
            metrics, and stores the run in a SQLite file so runs can be listed and compared.

            Examples:
              capsim run scenarios/quickstart.yaml
              capsim run scenarios/openb-default.yaml --traces /path/to/traces
              capsim validate scenarios/quickstart.yaml
              capsim runs
              capsim run scenarios/adopt-kubernetes.yaml
              capsim run scenarios/adopt-kubernetes.yaml --baseline static-partition
              capsim compare latest~1 latest

            Exit codes:
              0   success
              64  bad command-line usage (including an unknown run id)
              65  invalid scenario or trace file (the message names file, key and line)
              66  scenario or trace file not found
              74  result database could not be opened, read or written
            """,
        version: "capsim 0.1.0",
        subcommands: [Run.self, Validate.self, Runs.self, Compare.self]
    )

    /// Parses the command line and runs the chosen command.
    ///
    /// Commands throw instead of exiting. ArgumentParser's own errors (usage, `--help`) exit as ArgumentParser
    /// decides; a `CLIError` prints `Error: <message>` on stderr, like ArgumentParser's messages, and exits with
    /// the error's code, which `exit(withError:)` alone would turn into 1. The message is printed through
    /// `TerminalText.escaped(_:)`, as it may quote text from a scenario or a database someone else wrote.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            // Messages quote scenario text (unknown keys, bad values) and stored names: no control characters.
            FileHandle.standardError.write(Data("Error: \(TerminalText.escaped(error.message))\n".utf8))
            exit(withError: error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
