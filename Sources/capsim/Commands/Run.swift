import ArgumentParser
import CapSimCore
import CapSimReport
import CapSimScenario
import CapSimStore
import Foundation

/// `capsim run`: simulate a scenario, print its summary and store the run.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario, print a summary and store the run.",
        discussion: """
            Examples:
              capsim run scenarios/quickstart.yaml
              capsim run scenarios/quickstart.yaml --seed 7 --db whatif.sqlite
              CAPSIM_TRACES=/path/to/traces capsim run scenarios/openb-default.yaml --format json
              capsim run scenarios/adopt-kubernetes.yaml --baseline static-partition
              capsim run scenarios/ml-platform.yaml
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Do not store the run in the database.")
    var noStore = false

    @Flag(name: .long, help: "No progress bar on stderr.")
    var quiet = false

    func run() throws {
        let loaded = try scenario.load()
        // Open the store before simulating so a bad --db fails fast.
        let store = noStore ? nil : try database.openStore()
        let started = Date()
        let clock = ContinuousClock.now
        let progress = TerminalProgress(label: loaded.name, enabled: !quiet)
        // A failed save still ends the progress line before the error is printed.
        defer { progress.close() }
        let result = Simulation.run(loaded.input, observer: progress)
        let elapsed = ContinuousClock.now - clock
        let wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let metadata = RunMetadata(
            scenarioName: loaded.name, scenarioDescription: loaded.description, scenarioHash: loaded.contentHash,
            scenarioPath: loaded.path, seed: loaded.seed, capsimVersion: CapSimVersion.current,
            schedulerSemantics: CapSimVersion.schedulerSemantics, mode: loaded.input.mode.rawValue,
            wallTimeSeconds: wallSeconds, createdAt: started,
            parameters: parametersJSON(loaded))
        var runID: Int64?
        if let store {
            progress.storing()
            do {
                runID = try store.save(metadata, result: result)
            } catch {
                // The run was simulated: its summary is printed even though it could not be stored.
                progress.close()
                print(SummaryReport.render(metadata: metadata, runID: nil, summary: result.summary, format: format))
                throw CLIError(error, fallback: .ioError)
            }
        }
        progress.finish()
        print(SummaryReport.render(metadata: metadata, runID: runID, summary: result.summary, format: format))
        if let runID, format == .table {
            print("\nStored as run \(runID) in \(database.db) (\(String(format: "%.2f", wallSeconds)) s wall time).")
        }
    }

    private func parametersJSON(_ loaded: LoadedScenario) -> String {
        let scheduler = loaded.input.scheduler
        let object: [String: Any] = [
            "profile": scheduler.profile,
            "baseline": scenario.baseline?.rawValue ?? "",
            "scoringStrategy": scheduler.scoringStrategy.rawValue,
            "kubernetesVersion": scheduler.kubernetesVersion.rawValue,
            "seedOverride": scenario.seed.map { String($0) } ?? "",
            "traces": scenario.tracesDirectory,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
