import ArgumentParser
import CapSimCore
import CapSimReport
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
        let loaded = try scenario.load()
        let input = loaded.input
        let pods = input.jobs.reduce(0) { $0 + Int($1.parallelism) }
        let workloads = Set(input.jobs.map(\.workload)).count
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let scheduler = input.scheduler
        let scoring =
            scheduler.gpuPolicy.map { "GPU policy \($0.rawValue)" } ?? scheduler.scoringStrategy.rawValue
        print("\(loaded.path): valid")
        print("  scenario   \(TerminalText.escaped(loaded.name)) (seed \(loaded.seed), mode \(input.mode.rawValue))")
        print(
            "  cluster    \(count(input.cluster.nodes.count, "node")) in \(count(input.cluster.pools.count, "pool")), "
                + "\(count(Int(input.cluster.totalGPUs), "GPU"))")
        print(
            "  workloads  \(count(workloads, "workload")) with \(count(input.jobs.count, "job")), "
                + "\(count(pods, "pod"))")
        print(
            "  scheduler  \(scheduler.profile) (\(scoring), kube-scheduler \(scheduler.kubernetesVersion.rawValue))"
        )
    }
}
