import ArgumentParser
import CapSimCore
import CapSimScenario
import Foundation

/// `capsim validate`: check a scenario without simulating it.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and print what it contains.",
        discussion: """
            Exits 0 when the scenario is valid, 65 with the file, key path and line of the first problem otherwise.

            Example:
              capsim validate scenarios/quickstart.yaml
            """)

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        do {
            let loaded = try scenario.load()
            let input = loaded.input
            let pods = input.jobs.reduce(0) { $0 + Int($1.parallelism) }
            let workloads = Set(input.jobs.map(\.workload)).count
            print("\(loaded.path): valid")
            print("  scenario   \(loaded.name) (seed \(loaded.seed), mode \(input.mode.rawValue))")
            print(
                "  cluster    \(input.cluster.nodes.count) nodes in \(input.cluster.pools.count) pools, "
                    + "\(input.cluster.totalGPUs) GPUs")
            print("  workloads  \(workloads) with \(input.jobs.count) jobs, \(pods) pods")
            print(
                "  scheduler  \(input.scheduler.profile) (\(input.scheduler.scoringStrategy.rawValue), "
                    + "kube-scheduler \(input.scheduler.kubernetesVersion.rawValue))")
        } catch let error as CLIError {
            exitWith(error)
        }
    }
}
