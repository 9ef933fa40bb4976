import CapSimCore
import CapSimScenario
import Foundation
import PropertyBased
import Testing

/// Issue #9: over 10,000 random valid scenarios (small clusters, mixed features: gangs, Kueue queues, failures, drains,
/// upgrades, autoscaling, inference, preemption), a run never traps, never over-commits a node at any scheduling
/// pass (`checksInvariants` stops the run on the first violation), accounts for every job with a final state,
/// reports no NaN, and gives the same result for the same seed.
///
/// The scenarios are written as YAML and go through `ScenarioLoader`, so validation and the engine are checked
/// together: a scenario that loads must run. `CAPSIM_PROPERTY_CASES` changes the total (see `defaultCases`).
@Suite struct RandomScenarioPropertyTests {
    /// Parallel shards of the property run (Swift Testing runs the arguments of one test concurrently).
    static let shards = 20

    /// Cases in all when `CAPSIM_PROPERTY_CASES` is not set: 10,000 in a release build of the tests (CI runs
    /// `swift test -c release`), 40 in a debug build (`swift test`), where a run is about 30 times slower.
    #if DEBUG
        static let defaultCases = 40
    #else
        static let defaultCases = 10_000
    #endif

    /// Cases per shard.
    static var casesPerShard: Int {
        let total = ProcessInfo.processInfo.environment["CAPSIM_PROPERTY_CASES"].flatMap(Int.init) ?? defaultCases
        return max(1, total / shards)
    }

    @Test(
        "random valid scenarios run, keep the invariants, account for every job, and repeat exactly",
        arguments: 0..<shards)
    func randomScenarios(shard: Int) async throws {
        await propertyCheck(
            count: Self.casesPerShard,
            input: Gen.int(in: 1...3), Gen.int(in: 0...255), Gen.int(in: 1...4), Gen.int(in: 1...20),
            Gen.uint64(in: 0...UInt64.max)
        ) { pools, features, workloads, jobs, seed in
            let yaml = RandomScenario(
                pools: pools, features: RandomScenario.Features(rawValue: features), workloads: workloads,
                jobsPerWorkload: jobs, seed: seed
            ).yaml
            try Self.check(yaml: yaml, repeatRun: seed % 8 == 0)
        }
    }

    /// Parts of the names of summary metrics that are statistics over a set that can be empty (reported `n/a`,
    /// stored NaN), for example `queue_time_p95_w0` or `makespan`.
    static let statisticNameParts = [
        "_mean", "_p50", "_p90", "_p95", "_p99", "_max", "attainment", "per_gpu_hour", "makespan", "latency",
    ]

    /// Loads and runs one scenario and checks the properties.
    static func check(yaml: String, repeatRun: Bool) throws {
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader(tracesDirectory: "traces").load(yaml: yaml, path: "random.yaml")
        } catch {
            Issue.record("a generated scenario did not validate: \(error)\n\(yaml)")
            return
        }
        var input = loaded.input
        input.checksInvariants = true
        let result = Simulation.run(input)
        #expect(result.jobs.count == input.jobs.count, "a job without a record\n\(yaml)")
        for job in result.jobs {
            if job.state == .succeeded {
                let start = try #require(job.startMilliseconds, "\(job.name) succeeded without a start\n\(yaml)")
                let end = try #require(job.endMilliseconds, "\(job.name) succeeded without an end\n\(yaml)")
                #expect(start >= job.submitMilliseconds && end >= start, "\(job.name)\n\(yaml)")
            }
            if job.state == .unplaceable || job.state == .pending {
                #expect(job.reason != nil, "\(job.name) is \(job.state) without a reason\n\(yaml)")
            }
            if let start = job.startMilliseconds {
                #expect(start >= job.submitMilliseconds, "\(job.name) started before it was submitted\n\(yaml)")
            }
        }
        for metric in result.summary {
            // NaN is "n/a": a statistic over an empty set (no job started, no request served). Latency of an
            // overloaded service is +inf ("unbounded"). Nothing else is ever NaN or infinite.
            let isStatistic = Self.statisticNameParts.contains { metric.name.contains($0) }
            #expect(!metric.value.isNaN || isStatistic, "\(metric.name) = \(metric.value)\n\(yaml)")
            #expect(metric.value != -.infinity, "\(metric.name) = \(metric.value)\n\(yaml)")
            if metric.value == .infinity {
                #expect(metric.name.contains("latency"), "\(metric.name) is infinite\n\(yaml)")
            }
        }
        if repeatRun {
            // Compared as text: NaN ("n/a") is not equal to itself, but prints the same.
            let again = Simulation.run(input)
            #expect("\(again)" == "\(result)", "same scenario and seed, different result\n\(yaml)")
        }
    }
}

/// A small random scenario, written as scenario YAML.
struct RandomScenario {
    /// Which optional features the scenario uses.
    struct Features: OptionSet {
        let rawValue: Int
        static let gangs = Features(rawValue: 1)
        static let kueue = Features(rawValue: 2)
        static let failures = Features(rawValue: 4)
        static let drains = Features(rawValue: 8)
        static let upgrades = Features(rawValue: 16)
        static let autoscaling = Features(rawValue: 32)
        static let inference = Features(rawValue: 64)
        static let priorities = Features(rawValue: 128)
    }

    var pools: Int
    var features: Features
    var workloads: Int
    var jobsPerWorkload: Int
    var seed: UInt64

    var yaml: String {
        var random = SeededRandom(seed: seed, stream: "random-scenario")
        func pick<T>(_ values: [T]) -> T { values[random.nextIndex(below: values.count)] }
        var lines = ["name: random-\(seed)", "seed: \(seed % 1000)", "duration: \(pick(["12h", "1d", "2d"]))"]
        lines += ["admission: {extendedResourceToleration: true}", "cluster:", "  nodePools:"]
        var gpuModels: [String] = []
        for pool in 0..<pools {
            let count = 1 + random.nextIndex(below: 4)
            let gpus = pick([0, 1, 4, 8])
            let model = pick(["A100", "L4"])
            lines.append("    - name: p\(pool)")
            lines.append("      count: \(count)")
            if features.contains(.autoscaling) {
                lines.append("      minSize: \(random.nextIndex(below: count + 1))")
                lines.append("      maxSize: \(count + random.nextIndex(below: 4))")
                lines.append("      provisioningDelay: \(pick(["1m", "5m"]))")
            }
            lines.append("      cpu: \"\(pick([8, 16, 32, 64]))\"")
            lines.append("      memory: \(pick([32, 128, 512]))Gi")
            if gpus > 0 {
                lines.append("      gpu: {count: \(gpus), model: \(model)}")
                lines.append("      taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]")
                gpuModels.append(model)
            }
            lines.append("      pricePerHour: \(pick(["1.5", "4.6", "21.96"]))")
        }
        if features.contains(.kueue) {
            lines += [
                "clusterQueues:",
                "  - {name: qa, cohort: c, nominalQuota: {nvidia.com/gpu: \(pick([0, 2, 8])), cpu: \"40\"}}",
                "  - {name: qb, cohort: c, nominalQuota: {nvidia.com/gpu: \(pick([1, 4])), cpu: \"20\"}, "
                    + "queueingStrategy: \(pick(["StrictFIFO", "BestEffortFIFO"]))}",
            ]
        }
        lines.append("workloads:")
        for index in 0..<workloads {
            lines += workloadLines(index, gpuModels: gpuModels, random: &random)
        }
        lines += disruptionLines(random: &random)
        return lines.joined(separator: "\n") + "\n"
    }

    private func workloadLines(_ index: Int, gpuModels: [String], random: inout SeededRandom) -> [String] {
        func pick<T>(_ values: [T]) -> T { values[random.nextIndex(below: values.count)] }
        let gpu = gpuModels.isEmpty ? 0 : pick([0, 1, 1, 2, 4, 8])
        let shared = gpu == 1 && random.nextIndex(below: 3) == 0
        var requests = "cpu: \"\(pick(["500m", "2", "8", "30"]))\", memory: \(pick(["1Gi", "16Gi", "100Gi"]))"
        if shared {
            requests += ", alibabacloud.com/gpu-milli: \(pick([250, 500, 700]))"
        } else if gpu > 0 {
            requests += ", nvidia.com/gpu: \(gpu)"
        }
        var lines = ["  - name: w\(index)"]
        if features.contains(.inference) && index == 0 {
            lines += [
                "    inference:",
                "      requests: {\(requests)}",
                "      replicas: {min: \(pick([0, 1])), max: \(pick([1, 3])), initial: 1}",
                "      concurrencyPerReplica: \(pick([1, 4]))",
                "      serviceTime: \(pick(["100ms", "2s"]))",
                "      startupDelay: 1m",
                "      slo: {latency: 1s}",
                "      traffic: {constant: \(pick(["0.5", "3", "40"]))}",
            ]
            if shared || gpu > 0 {
                lines.append("    tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]")
            }
            return lines
        }
        if features.contains(.kueue) && index % 2 == 0 {
            lines.append("    queue: \(pick(["qa", "qb"]))")
        }
        if features.contains(.priorities) {
            lines.append("    priority: \(pick([0, 10, 1000]))")
        }
        if features.contains(.gangs) && index % 2 == 1 {
            lines.append("    parallelism: \(pick([2, 3]))")
            lines.append("    gang: true")
        }
        lines.append("    requests: {\(requests)}")
        if shared {
            lines.append("    tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]")
        }
        lines.append("    checkpointInterval: \(pick(["10m", "1h"]))")
        lines.append(
            "    duration: \(pick(["{exponential: {mean: 45m}}", "2h", "{uniform: {min: 5m, max: 3h}}"]))")
        lines.append("    arrivals: {poisson: {ratePerHour: \(pick([1, 4, 20]))}, count: \(jobsPerWorkload)}")
        return lines
    }

    private func disruptionLines(random: inout SeededRandom) -> [String] {
        func pick<T>(_ values: [T]) -> T { values[random.nextIndex(below: values.count)] }
        var lines: [String] = []
        guard !features.isDisjoint(with: [.failures, .drains, .upgrades]) else { return lines }
        lines.append("disruptions:")
        if features.contains(.failures) {
            lines.append("  failures:")
            lines.append(
                "    - {pool: p0, timeBetweenFailures: {exponential: {mean: \(pick(["3h", "1d"]))}}, "
                    + "repairTime: \(pick(["30m", "2h"]))}")
        }
        if features.contains(.drains) {
            lines.append("  drains:")
            lines.append("    - {node: p0-0000, at: \(pick(["10m", "2h"])), duration: \(pick(["30m", "3h"]))}")
        }
        if features.contains(.upgrades) {
            lines.append(
                "  maintenance: {firstUpgrade: \(pick(["1h", "6h"])), every: 1d, maxUnavailable: \(pick(["1", "50%"])), "
                    + "upgradeDuration: 10m}")
        }
        return lines
    }
}
