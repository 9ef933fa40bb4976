/// Pipelines (Argo Workflows / Kubeflow Pipelines style DAGs of jobs): a step is submitted when every step it
/// depends on has succeeded, and can never run when one of them can never run.
struct PipelineController: Sendable {
    /// Jobs waiting for each job to succeed.
    private var dependents: [[Int32]] = []
    /// How many dependencies each job still waits for.
    private var waitingFor: [Int32] = []

    /// The dependencies among `jobs` (`JobSpec.dependsOn`).
    init(jobs: [JobSpec]) {
        dependents = Array(repeating: [], count: jobs.count)
        waitingFor = jobs.map { Int32($0.dependsOn.count) }
        for (j, job) in jobs.enumerated() {
            for d in job.dependsOn { dependents[Int(d)].append(Int32(j)) }
        }
    }

    /// Whether job `j` waits for no dependency.
    func isReady(_ j: Int) -> Bool { waitingFor[j] == 0 }

    /// Job `j` succeeded: returns the steps that now wait for nothing, in order.
    mutating func jobSucceeded(_ j: Int) -> [Int] {
        var ready: [Int] = []
        for d in dependents[j].map(Int.init) {
            waitingFor[d] -= 1
            if waitingFor[d] == 0 { ready.append(d) }
        }
        return ready
    }

    /// The steps that depend on job `j`.
    func dependents(of j: Int) -> [Int] { dependents[j].map(Int.init) }

    /// Pipeline runs and their makespan (first step submitted to last step finished, over runs whose steps all
    /// succeeded), when the scenario has pipelines.
    func metrics(_ specs: [JobSpec], _ jobs: borrowing JobController) -> [SummaryMetric] {
        var runs: [String: (start: Int64, end: Int64, complete: Bool)] = [:]
        var order: [String] = []
        for (j, job) in specs.enumerated() {
            guard let run = job.pipelineRun else { continue }
            if runs[run] == nil { order.append(run) }
            var entry = runs[run] ?? (Int64.max, Int64.min, true)
            entry.start = min(entry.start, job.submitTime.milliseconds)
            entry.end = max(entry.end, jobs.end[j])
            entry.complete = entry.complete && jobs.state[j] == .succeeded
            runs[run] = entry
        }
        guard !order.isEmpty else { return [] }
        let spans = order.compactMap { runs[$0] }.filter(\.complete).map { $0.end - $0.start }.sorted()
        return [
            SummaryMetric(name: "pipeline_runs", value: Double(order.count), unit: "runs"),
            SummaryMetric(name: "pipeline_runs_completed", value: Double(spans.count), unit: "runs"),
            SummaryMetric(
                name: "pipeline_makespan_p50",
                value: Percentile.nearestRank(50, of: spans).map { Double($0) / 1000 } ?? .nan,
                unit: "s"),
            SummaryMetric(
                name: "pipeline_makespan_p95",
                value: Percentile.nearestRank(95, of: spans).map { Double($0) / 1000 } ?? .nan,
                unit: "s"),
        ]
    }
}

extension Simulation {
    /// A job that can never run makes every step that depends on it unplaceable too.
    mutating func blockDependents(of j: Int, because name: String) {
        for d in pipelines.dependents(of: j) where jobs.state[d] == .pending && jobs.start[d] < 0 {
            jobs.state[d] = .unplaceable
            jobs.reason[d] = "depends on \(name), which can never run"
            jobs.outstanding -= 1
            for p in jobs.pods(of: d, input.jobs) { pods.phase[p] = .unplaceable }
            blockDependents(of: d, because: name)
        }
    }
}
