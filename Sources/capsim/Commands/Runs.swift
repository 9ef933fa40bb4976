import ArgumentParser
import CapSimReport
import CapSimStore
import Foundation

/// `capsim runs`: list stored runs.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the runs stored in the result database, newest first.",
        discussion: """
            Example:
              capsim runs --db capsim.sqlite
            """)

    @OptionGroup var database: ReadDatabaseOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let store = try database.openStore(missingHint: "run `capsim run SCENARIO` first or pass --db PATH")
        let runs: [StoredRun]
        do { runs = try store.runs() } catch { throw CLIError(error, fallback: .ioError) }
        print(RunsReport.render(runs, format: format))
    }
}
