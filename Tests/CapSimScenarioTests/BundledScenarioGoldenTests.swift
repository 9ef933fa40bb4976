import CapSimCore
import CapSimScenario
import Foundation
import Testing

/// Results are sacred: every bundled scenario (and every coverage scenario under `Goldens/scenarios`) must give
/// byte-identical summaries, job rows and time series to the goldens recorded from main before an engine change.
///
/// A golden is a plain-text rendering of a run (`GoldenRendering`); run with `CAPSIM_UPDATE_GOLDENS=1` to rewrite
/// them after a deliberate semantic change, and say in the issue note which figures moved and why.
@Suite struct BundledScenarioGoldenTests {
    /// One golden case: a scenario file, a baseline flag and the golden's file name.
    struct Case: Sendable, CustomStringConvertible {
        var path: String
        var staticPartition = false
        var golden: String
        var needsTraces = false
        var description: String { golden }
    }

    static let goldensFolder = TestPaths.packageRoot.appendingPathComponent("Tests/CapSimScenarioTests/Goldens")

    static var cases: [Case] {
        var cases = [
            Case(path: TestPaths.scenario("quickstart.yaml"), golden: "quickstart"),
            Case(path: TestPaths.scenario("ml-platform.yaml"), golden: "ml-platform"),
            Case(path: TestPaths.scenario("adopt-kubernetes.yaml"), golden: "adopt-kubernetes"),
            Case(
                path: TestPaths.scenario("adopt-kubernetes.yaml"), staticPartition: true,
                golden: "adopt-kubernetes-static-partition"),
            Case(path: TestPaths.scenario("openb-default.yaml"), golden: "openb-default", needsTraces: true),
        ]
        let coverage = goldensFolder.appendingPathComponent("scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: coverage.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".yaml") {
            cases.append(
                Case(
                    path: coverage.appendingPathComponent(file).path,
                    golden: "coverage-" + String(file.dropLast(".yaml".count))))
        }
        return cases
    }

    @Test("bundled and coverage scenarios reproduce their goldens byte for byte", arguments: cases)
    func reproducesGolden(_ c: Case) throws {
        if c.needsTraces && !TestPaths.hasOpenb { return }
        let loaded = try ScenarioLoader(tracesDirectory: TestPaths.traces, staticPartition: c.staticPartition)
            .load(path: c.path)
        let result = Simulation.run(loaded.input)
        let text = GoldenRendering.render(result)
        let url = Self.goldensFolder.appendingPathComponent(c.golden + ".txt")
        if ProcessInfo.processInfo.environment["CAPSIM_UPDATE_GOLDENS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected {
            let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }
            let line = first?.offset ?? min(ours.count, theirs.count)
            Issue.record(
                """
                \(c.golden) differs from its golden at line \(line + 1):
                  golden: \(line < theirs.count ? String(theirs[line]) : "<end>")
                  now:    \(line < ours.count ? String(ours[line]) : "<end>")
                """)
        }
    }
}

/// Renders a run as stable text: every summary metric, every job row, and per series column its length, sum and an
/// FNV-1a digest of the exact values (the bit patterns), so a golden stays small but catches any change.
enum GoldenRendering {
    static func render(_ result: SimulationResult) -> String {
        var lines: [String] = ["# end \(result.endMilliseconds) ms"]
        lines.append("# summary (\(result.summary.count))")
        for m in result.summary { lines.append("\(m.name)\t\(m.value)\t\(m.unit)") }
        lines.append("# series (\(result.series.times.count) samples)")
        lines.append("times\t\(digest(result.series.times.map { UInt64(bitPattern: $0) }))")
        for column in result.series.columns {
            let sum = column.values.reduce(0, +)
            lines.append(
                "\(column.name)\t\(column.unit)\t\(column.values.count)\tsum \(sum)\t"
                    + digest(column.values.map(\.bitPattern)))
        }
        lines.append("# jobs (\(result.jobs.count))")
        for j in result.jobs {
            let fields: [String] = [
                j.name, j.workload, "\(j.pods)", "\(j.cpuMillicores)", "\(j.memoryBytes)", "\(j.gpuMilli)",
                "\(j.submitMilliseconds)", j.startMilliseconds.map { "\($0)" } ?? "-",
                j.endMilliseconds.map { "\($0)" } ?? "-", j.state.rawValue, j.node ?? "-", j.reason ?? "-",
                "\(j.preemptions)", "\(j.interruptions)", "\(j.lostWorkMilliseconds)",
            ]
            lines.append(fields.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// FNV-1a over the little-endian bytes of the values, as 16 hex digits.
    static func digest(_ values: [UInt64]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash ^= (value >> UInt64(shift)) & 0xff
                hash = hash &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
