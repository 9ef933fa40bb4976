// capsim-scale: scale benchmarks on generated clusters (issue #10, "Real cluster scale"). Prints figures, asserts
// nothing. Every scenario is generated in memory from a fixed seed and run through `Simulation.run` without a store;
// each prints one table row: nodes, pods, simulated days, generation and run wall seconds, peak RSS, events, events/s,
// pods/s, bytes per job and a result checksum. Run from the repository root:
//
//   swift run -c release --package-path benchmarks capsim-scale --size small
//   swift run -c release --package-path benchmarks capsim-scale --size medium --only mixed-1000 --verbose
//   swift run -c release --package-path benchmarks capsim-scale --size full --only mixed-10000
//
// Presets: small (default, the CI preset: mixed-100, overload-5k/10k, fgd-1000; about 10 s on 2 cores), medium (adds
// mixed-1000, mixed-5000, overload-20k/40k; about 6 minutes) and full (adds mixed-10000 with 1,000,000 pods over 30
// simulated days, and fgd-10000). `--help` describes the scenarios and how every column is computed.
//
// Each scenario runs in a child process of this executable, so its maxRSS (getrusage ru_maxrss, a high-water mark)
// is its own peak; `--in-process` runs them all in one process (maxRSS then only grows from row to row). The checksum
// (jobs succeeded / sum of queue times in ms) fingerprints the results: an engine change that should not move results
// must leave it unchanged.

import CapSimCore
import Foundation

/// Current monotonic time, seconds.
private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Generates and runs one scenario, measuring time and memory.
///
/// - Parameter scenario: The scenario.
/// - Returns: Its figures.
private func run(_ scenario: ScaleScenario) -> ScaleRow {
    let peakBefore = ResourceUsage.peakResidentBytes
    let baseline = ResourceUsage.currentResidentBytes ?? peakBefore
    let generationStart = now()
    let input = scenario.makeInput()
    let runStart = now()
    let result = Simulation.run(input)
    let runEnd = now()
    let peakAfter = ResourceUsage.peakResidentBytes
    return ScaleRow(
        scenario: scenario, generationSeconds: runStart - generationStart, runSeconds: runEnd - runStart,
        peakResidentBytes: peakAfter, residentGrowthBytes: max(0, peakAfter - baseline),
        hasRaisedPeak: peakAfter > peakBefore, result: result)
}

/// Table columns: heading and width in characters; the first column is left-aligned, the others right-aligned.
private let columns: [(heading: String, width: Int)] = [
    ("scenario", 13), ("nodes", 6), ("pods", 8), ("days", 5), ("gen s", 6), ("wall s", 8), ("maxRSS MiB", 10),
    ("events", 10), ("events/s", 9), ("pods/s", 8), ("B/job", 8), ("checksum", 0),
]

/// Lays out one line of the table.
///
/// - Parameter cells: One text per column of `columns`.
/// - Returns: The cells padded to their column widths, separated by a space.
private func tableLine(_ cells: [String]) -> String {
    var line = ""
    for (i, (cell, column)) in zip(cells, columns).enumerated() {
        let padding = String(repeating: " ", count: max(0, column.width - cell.count))
        if i > 0 { line += " " }
        line += i == 0 ? cell + padding : padding + cell
    }
    return line
}

/// Formats one table row.
///
/// - Parameter row: A run's figures.
/// - Returns: The row, aligned with the headings.
private func format(_ row: ScaleRow) -> String {
    let seconds = max(row.runSeconds, 1e-9)
    let jobs = row.scenario.jobCount
    let bytesPerJob = jobs > 0 ? row.residentGrowthBytes / Int64(jobs) : 0
    let events = row.result.eventsProcessed
    return tableLine([
        row.scenario.name, String(row.scenario.nodeCount), String(jobs), String(format: "%.1f", row.simulatedDays),
        String(format: "%.2f", row.generationSeconds), String(format: "%.2f", row.runSeconds),
        String(format: "%.1f", Double(row.peakResidentBytes) / 1_048_576), String(events),
        String(format: "%.0f", Double(events) / seconds), String(format: "%.0f", Double(jobs) / seconds),
        (row.hasRaisedPeak ? "" : "<=") + String(bytesPerJob), "\(row.succeededJobs)/\(row.queueMillisecondsSum)",
    ])
}

/// The load figures of a run, for `--verbose`: mean allocation of the bottleneck resource and mean backlog while
/// jobs arrive (from the 5-minute samples up to the last submission), queue times and the peak backlog.
///
/// - Parameter row: A run's figures.
/// - Returns: One line.
private func loadSummary(_ row: ScaleRow) -> String {
    let result = row.result
    func metric(_ name: String) -> Double { result.metric(name) ?? .nan }
    let window = result.jobs.reduce(Int64(0)) { max($0, $1.submitMilliseconds) }
    func windowMean(_ column: String) -> Double {
        guard let values = result.series.columns.first(where: { $0.name == column })?.values else { return .nan }
        var (sum, count) = (0.0, 0)
        for (time, value) in zip(result.series.times, values) where time <= window {
            sum += value
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }
    let resource = row.scenario.kind == .overload ? "cpu" : "gpu"
    return "\(row.scenario.name) while arriving: "
        + String(
            format: "%@ alloc %.1f %%, pending %.0f pods; queue mean %.0f s, p95 %.0f s; pending peak %.0f pods",
            resource as NSString, windowMean("\(resource)_allocation"), windowMean("pending_pods"),
            metric("queue_time_mean"), metric("queue_time_p95"), metric("pending_pods_peak"))
}

/// Writes one line to standard output at once (unbuffered, so rows appear while later scenarios run).
///
/// - Parameter line: The text, without its newline.
private func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes a message to standard error and exits with status 2.
///
/// - Parameter message: What went wrong.
private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("capsim-scale: \(message)\n".utf8))
    exit(2)
}

/// Runs one scenario in a child process of this executable (`--child`), which prints its own row, so that the row's
/// maxRSS is that scenario's own peak.
///
/// - Parameters:
///   - scenario: The scenario.
///   - options: The parsed options (size and verbosity are passed on).
/// - Returns: `true` when the child exited with status 0.
private func runIsolated(_ scenario: ScaleScenario, options: ScaleOptions) -> Bool {
    guard let executable = Bundle.main.executableURL else { fail("cannot locate this executable") }
    let child = Process()
    child.executableURL = executable
    child.arguments =
        ["--size", options.size.rawValue, "--only", scenario.name, "--child"] + (options.isVerbose ? ["--verbose"] : [])
    do {
        try child.run()
    } catch {
        fail("cannot start \(executable.path): \(error)")
    }
    child.waitUntilExit()
    if child.terminationStatus != 0 {
        emit("\(scenario.name): the child process ended with status \(child.terminationStatus)")
    }
    return child.terminationStatus == 0
}

/// The parsed command line.
let options: ScaleOptions
do {
    options = try ScaleOptions(arguments: CommandLine.arguments.dropFirst())
} catch {
    fail(error.description)
}
if options.showsHelp {
    emit(ScaleOptions.help)
    exit(0)
}
/// The scenarios to run: the preset, narrowed by `--only`.
var scenarios = ScaleScenario.catalog(options.size)
if !options.only.isEmpty {
    let names = scenarios.map(\.name)
    if let unknown = options.only.first(where: { !names.contains($0) }) {
        fail(ScaleOptionsError.unknownScenario(name: unknown, available: names).description)
    }
    scenarios = scenarios.filter { options.only.contains($0.name) }
}

if !options.isChild {
    let mode = options.isInProcess ? "all in this process" : "each in its own process"
    emit("capsim-scale --size \(options.size.rawValue): \(scenarios.count) scenario(s), \(mode)")
    emit(tableLine(columns.map(\.heading)))
}
/// Whether a child process failed (the exit status is then 1).
var hasFailed = false
for scenario in scenarios {
    if options.isChild || options.isInProcess {
        let row = run(scenario)
        emit(format(row))
        if options.isVerbose { emit("  " + loadSummary(row)) }
    } else if !runIsolated(scenario, options: options) {
        hasFailed = true
    }
}
if !options.isChild {
    emit(
        options.isInProcess
            ? "maxRSS: getrusage ru_maxrss, the high-water mark of this one process (all scenarios so far)\n"
                + "B/job: (maxRSS - RSS before generating) / jobs; \"<=\": the run did not raise the mark (upper bound)"
            : "maxRSS: getrusage ru_maxrss (a high-water mark) of the scenario's own process\n"
                + "B/job: (maxRSS - RSS before generating) / jobs; checksum: jobs succeeded / sum of queue ms")
}
if hasFailed { exit(1) }
