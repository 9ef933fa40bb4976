import ArgumentParser
import CapSimCore
import CapSimReport
import CapSimStore
import Foundation

/// `capsim compare`: summaries of stored runs side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the summaries of stored runs side by side, with deltas against the first.",
        discussion: """
            A run is named by its id (see `capsim runs`), `latest`, or `latest~N` (N runs before the latest).

            Examples:
              capsim compare 1 2
              capsim compare latest~1 latest --format json
            """)

    @Argument(help: "Two or more runs: ids, latest, or latest~N.")
    var runs: [String]

    @OptionGroup var database: ReadDatabaseOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if runs.count < 2 { throw ValidationError("compare needs at least two runs, for example: capsim compare 1 2") }
    }

    func run() throws {
        let store = try database.openStore(missingHint: "pass --db PATH")
        var loaded: [(StoredRun, [SummaryMetric])] = []
        for reference in runs {
            do {
                let run = try store.resolveRun(reference)
                loaded.append((run, try store.summary(runID: run.id)))
            } catch {
                // A run that is not stored is a bad argument (64, by its kind), not a database failure (74).
                throw CLIError(error, fallback: .ioError)
            }
        }
        print(CompareReport.render(RunComparison.compare(loaded), format: format))
    }
}
