import CapSimCore
import CapSimStore
import Foundation

/// Hand-built runs for the store and report tests: three jobs on two nodes, three summary metrics, a short series.
public enum StoreFixtures {
    /// Metadata of a run of `scenarios/<name>.yaml`, created at a fixed time.
    ///
    /// - Parameters:
    ///   - name: Scenario name.
    ///   - seed: Scenario seed.
    /// - Returns: The metadata.
    public static func metadata(name: String = "gpu-burst", seed: UInt64 = 42) -> RunMetadata {
        RunMetadata(
            scenarioName: name,
            scenarioDescription: "three jobs on two nodes",
            scenarioHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            scenarioPath: "scenarios/\(name).yaml",
            seed: seed,
            capsimVersion: "0.1.0",
            schedulerSemantics: "kube-scheduler v1.36",
            mode: "timed",
            wallTimeSeconds: 0.125,
            createdAt: Date(timeIntervalSince1970: 1_780_000_000.25),
            parameters: #"{"profile":"binpack","overrides":{"nodes":4}}"#
        )
    }

    /// A succeeded, a running and an unplaceable job.
    public static let jobs: [JobRecord] = [
        JobRecord(
            name: "train-a", workload: "training", pods: 2, cpuMillicores: 4_000, memoryBytes: 17_179_869_184,
            gpuMilli: 1_000, submitMilliseconds: 0, startMilliseconds: 500, endMilliseconds: 60_500,
            state: .succeeded, node: "gpu-0", reason: nil
        ),
        JobRecord(
            name: "infer-b", workload: "inference", pods: 1, cpuMillicores: 500, memoryBytes: 1_073_741_824,
            gpuMilli: 250, submitMilliseconds: 1_000, startMilliseconds: 1_000, endMilliseconds: nil,
            state: .running, node: "gpu-1", reason: nil
        ),
        JobRecord(
            name: "huge-c", workload: "training", pods: 8, cpuMillicores: 96_000, memoryBytes: 1_099_511_627_776,
            gpuMilli: 8_000, submitMilliseconds: 2_000, startMilliseconds: nil, endMilliseconds: nil,
            state: .unplaceable, node: nil, reason: "0/2 nodes are available: 2 Insufficient nvidia.com/gpu."
        ),
    ]

    /// `jobs_completed`, `queue_time_p95` and `gpu_allocation_mean`.
    public static let summary: [SummaryMetric] = [
        SummaryMetric(name: "jobs_completed", value: 1, unit: "jobs"),
        SummaryMetric(name: "queue_time_p95", value: 0.475, unit: "s"),
        SummaryMetric(name: "gpu_allocation_mean", value: 62.5, unit: "%"),
    ]

    /// Three samples of `gpu_allocation` and `pending_pods`.
    public static var series: TimeSeries {
        var series = TimeSeries()
        series.times = [0, 30_000, 60_000]
        series.columns = [
            TimeSeries.Column(name: "gpu_allocation", unit: "%", values: [0, 56.25, 12.5]),
            TimeSeries.Column(name: "pending_pods", unit: "pods", values: [1, 8, 8]),
        ]
        return series
    }

    /// A result holding `jobs`, `series` and the given summary.
    ///
    /// - Parameter summary: Summary metrics.
    /// - Returns: The result.
    public static func result(summary: [SummaryMetric] = StoreFixtures.summary) -> SimulationResult {
        SimulationResult(jobs: jobs, summary: summary, series: series, endMilliseconds: 60_500, eventsProcessed: 17)
    }
}
