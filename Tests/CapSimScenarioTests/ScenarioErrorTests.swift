import CapSimScenario
import CapSimTestSupport
import Foundation
import Testing

@Suite struct ScenarioErrorTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    /// A valid scenario; cases below replace one line to break it.
    ///
    /// Lines: 1 name, 2 cluster, 3 nodePools, 4 pool name, 5 count, 6 cpu, 7 memory, 8 gpu, 9 workloads,
    /// 10 workload name, 11 requests, 12 cpu, 13 memory, 14 duration, 15 arrivals, 16 at.
    static let base = """
        name: t
        cluster:
          nodePools:
            - name: a
              count: 2
              cpu: "8"
              memory: 32Gi
              gpu: {count: 4, model: A100}
        workloads:
          - name: w
            requests:
              cpu: "1"
              memory: 1Gi
            duration: 1h
            arrivals:
              at: [0s]
        """

    /// The base scenario with line `line` (1-based) replaced by `text` (which may hold several lines).
    static func replacing(line: Int, with text: String) -> String {
        var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = text
        return lines.joined(separator: "\n")
    }

    func error(_ yaml: String) throws -> ScenarioError {
        let error = #expect(throws: ScenarioError.self) { try loader.load(yaml: yaml, path: "scenarios/x.yaml") }
        return try #require(error)
    }

    @Test("the base scenario is valid")
    func baseIsValid() throws {
        let scenario = try loader.load(yaml: Self.base, path: "scenarios/x.yaml")
        #expect(scenario.input.jobs.count == 1)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var yaml: String
        var keyPath: String
        var line: Int?
        var fragments: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown key with suggestion", yaml: replacing(line: 3, with: "  nodePool:"),
            keyPath: "cluster.nodePool", line: 3, fragments: ["did you mean `nodePools`?"]),
        Case(
            name: "unknown top-level key", yaml: base + "\nworkload: []",
            keyPath: "workload", line: 17, fragments: ["did you mean `workloads`?", "Allowed keys here: name,"]),
        Case(
            name: "negative cpu", yaml: replacing(line: 12, with: "      cpu: \"-2\""),
            keyPath: "workloads[0].requests.cpu", line: 12, fragments: ["\"-2\"", "must not be negative"]),
        Case(
            name: "memory with an invalid suffix", yaml: replacing(line: 13, with: "      memory: 12Gb"),
            keyPath: "workloads[0].requests.memory", line: 13, fragments: ["12Gb", "suffix", "Gi", "G"]),
        Case(
            name: "fractional GPU", yaml: replacing(line: 13, with: "      memory: 1Gi\n      nvidia.com/gpu: \"0.5\""),
            keyPath: "workloads[0].requests.nvidia.com/gpu", line: 14,
            fragments: ["whole", "alibabacloud.com/gpu-milli"]),
        Case(
            name: "GPU in millis", yaml: replacing(line: 13, with: "      memory: 1Gi\n      nvidia.com/gpu: 1500m"),
            keyPath: "workloads[0].requests.nvidia.com/gpu", line: 14, fragments: ["whole"]),
        Case(
            name: "gpu-milli above one GPU",
            yaml: replacing(line: 13, with: "      memory: 1Gi\n      alibabacloud.com/gpu-milli: 1500"),
            keyPath: "workloads[0].requests.alibabacloud.com/gpu-milli", line: 14,
            fragments: ["between 1 and 1000", "ONE GPU", "nvidia.com/gpu"]),
        Case(
            name: "gpu-milli with whole GPUs",
            yaml: replacing(
                line: 13, with: "      memory: 1Gi\n      nvidia.com/gpu: 1\n      alibabacloud.com/gpu-milli: 500"),
            keyPath: "workloads[0].requests.alibabacloud.com/gpu-milli", line: 15, fragments: ["cannot be combined"]),
        Case(
            name: "duplicate workload names",
            yaml: base + "\n  - name: w\n    requests: {cpu: 1}\n    duration: 1h\n    arrivals: {at: [0s]}",
            keyPath: "workloads[1].name", line: 17,
            fragments: ["duplicate workload name \"w\"", "workloads[0] at line 10"]),
        Case(
            name: "duplicate pool names",
            yaml: replacing(
                line: 8, with: "      gpu: {count: 4, model: A100}\n    - {name: a, count: 1, cpu: 1, memory: 1Gi}"),
            keyPath: "cluster.nodePools[1].name", line: 9, fragments: ["duplicate node pool name \"a\""]),
        Case(
            name: "bad duration unit", yaml: replacing(line: 14, with: "    duration: 5x"),
            keyPath: "workloads[0].duration", line: 14, fragments: ["\"5x\"", "unknown unit"]),
        Case(
            name: "missing required key",
            yaml: base.replacingOccurrences(of: "    requests:\n      cpu: \"1\"\n      memory: 1Gi\n", with: ""),
            keyPath: "workloads[0].requests", line: 10, fragments: ["required key `requests` is missing"]),
        Case(
            name: "missing scenario name", yaml: replacing(line: 1, with: "description: no name"),
            keyPath: "name", line: 1, fragments: ["required key `name` is missing"]),
        Case(
            name: "string where a list is expected",
            yaml: base.components(separatedBy: "\nworkloads:")[0] + "\nworkloads: training",
            keyPath: "workloads", line: 9, fragments: ["expected a list", "the string \"training\""]),
        Case(
            name: "tune in timed mode",
            yaml: replacing(
                line: 10,
                with: "  - name: w\n    trace: {format: openb, pods: openb/openb_pod_list_default.csv, tune: 1.3}\n"
                    + "  - name: x"),
            keyPath: "workloads[0].trace.tune", line: 11, fragments: ["arrival-only"]),
        Case(
            name: "missing trace file",
            yaml: replacing(
                line: 10, with: "  - name: t\n    trace: {format: openb, pods: nowhere/pods.csv}\n  - name: w"),
            keyPath: "workloads[0].trace.pods", line: 11,
            fragments: ["nowhere/pods.csv", "--traces DIR", "CAPSIM_TRACES", "github.com/alibaba/clusterdata"]),
        Case(
            name: "trace workload with generator keys",
            yaml: replacing(
                line: 10, with: "  - name: t\n    trace: {format: openb, pods: x.csv}\n    priority: 3\n  - name: w"),
            keyPath: "workloads[0].priority", line: 12, fragments: ["only `name` and `trace`"]),
        Case(
            name: "both node pools and trace",
            yaml: replacing(line: 3, with: "  trace: {format: openb, nodes: x.csv}\n  nodePools:"),
            keyPath: "cluster.trace", line: 3, fragments: ["not both"]),
        Case(
            name: "neither node pools nor trace", yaml: "name: t\ncluster: {}\nworkloads: []",
            keyPath: "cluster.nodePools", line: 2, fragments: ["required key `nodePools` is missing"]),
        Case(
            name: "poisson without count or until",
            yaml: replacing(line: 16, with: "      poisson: {ratePerHour: 6}"),
            keyPath: "workloads[0].arrivals.count", line: 16, fragments: ["until"]),
        Case(
            name: "both at and poisson",
            yaml: replacing(line: 16, with: "      at: [0s]\n      poisson: {ratePerHour: 6}"),
            keyPath: "workloads[0].arrivals.poisson", line: 17, fragments: ["not both"]),
        Case(
            name: "count with explicit times", yaml: replacing(line: 16, with: "      at: [0s]\n      count: 3"),
            keyPath: "workloads[0].arrivals.count", line: 17, fragments: ["only applies to `poisson`"]),
        Case(
            name: "unknown distribution", yaml: replacing(line: 14, with: "    duration: {exponentail: {mean: 1h}}"),
            keyPath: "workloads[0].duration.exponentail", line: 14, fragments: ["did you mean `exponential`?"]),
        Case(
            name: "uniform max below min",
            yaml: replacing(line: 14, with: "    duration: {uniform: {min: 2h, max: 1h}}"),
            keyPath: "workloads[0].duration.uniform.max", line: 14, fragments: ["must not be less than `min`"]),
        Case(
            name: "negative seed", yaml: base + "\nseed: -1",
            keyPath: "seed", line: 17, fragments: ["non-negative integer"]),
        Case(
            name: "misspelt mode", yaml: base + "\nmode: arrivalonly",
            keyPath: "mode", line: 17, fragments: ["did you mean \"arrival-only\"?"]),
        Case(
            name: "zero node CPU", yaml: replacing(line: 6, with: "      cpu: \"0\""),
            keyPath: "cluster.nodePools[0].cpu", line: 6, fragments: ["greater than 0"]),
        Case(
            name: "too many GPUs per node", yaml: replacing(line: 8, with: "      gpu: {count: 65, model: A100}"),
            keyPath: "cluster.nodePools[0].gpu.count", line: 8, fragments: ["between 1 and 64"]),
        Case(
            name: "parallelism out of range", yaml: replacing(line: 11, with: "    parallelism: 0\n    requests:"),
            keyPath: "workloads[0].parallelism", line: 11, fragments: ["between 1 and 10000"]),
        Case(
            name: "text where an integer is expected", yaml: replacing(line: 5, with: "      count: four"),
            keyPath: "cluster.nodePools[0].count", line: 5, fragments: ["expected an integer", "\"four\""]),
        Case(
            name: "bad taint effect",
            yaml: replacing(line: 8, with: "      taints: [{key: k, effect: NoSchedul}]"),
            keyPath: "cluster.nodePools[0].taints[0].effect", line: 8, fragments: ["did you mean \"NoSchedule\"?"]),
        Case(
            name: "unknown scheduler resource", yaml: base + "\nscheduler: {resources: {gpu: 3}}",
            keyPath: "scheduler.resources.gpu", line: 17, fragments: ["did you mean `nvidia.com/gpu`?"]),
        Case(
            name: "zero metrics step", yaml: base + "\nmetrics: {step: 0s}",
            keyPath: "metrics.step", line: 17, fragments: ["at least 1ms"]),
        Case(
            name: "empty scenario", yaml: "", keyPath: "", line: 1, fragments: ["empty"]),
        Case(
            name: "duplicate YAML key", yaml: base + "\nname: again",
            keyPath: "", line: 17, fragments: ["duplicate key", "name"]),
    ]

    @Test("a broken scenario gives an error with its key path and line", arguments: cases)
    func reportsKeyPathAndLine(_ testCase: Case) throws {
        let error = try error(testCase.yaml)
        #expect(error.file == "scenarios/x.yaml")
        #expect(error.keyPath == testCase.keyPath, "\(error)")
        #expect(error.line == testCase.line, "\(error)")
        let location = testCase.line.map { "scenarios/x.yaml:\($0): " } ?? "scenarios/x.yaml: "
        let prefix = location + (testCase.keyPath.isEmpty ? "" : "\(testCase.keyPath): ")
        #expect(error.description.hasPrefix(prefix), "\(error)")
        for fragment in testCase.fragments {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test("a missing file names the path")
    func missingFile() throws {
        let error = #expect(throws: ScenarioError.self) {
            try loader.load(path: "/nonexistent/dir/missing.yaml")
        }
        let description = try #require(error).description
        #expect(description.hasPrefix("/nonexistent/dir/missing.yaml: "))
        #expect(description.contains("not found"))
    }

    @Test("kinds: a missing scenario or trace file is notFound, a directory unreadable, content problems invalid")
    func kinds() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let missing = #expect(throws: ScenarioError.self) { try loader.load(path: scratch.path("missing.yaml")) }
        #expect(missing?.kind == .notFound)
        let directory = #expect(throws: ScenarioError.self) { try loader.load(path: scratch.url.path) }
        #expect(directory?.kind == .unreadable)
        for testCase in Self.cases {
            let expected: ScenarioError.Kind = testCase.name == "missing trace file" ? .notFound : .invalid
            #expect(try error(testCase.yaml).kind == expected, "\(testCase.name)")
        }
        let notFoundKey = try error(Self.base + "\nnot found: 1")
        #expect(notFoundKey.kind == .invalid, "an unknown key `not found` is invalid, not missing: \(notFoundKey)")
        let traces = ScenarioLoader(tracesDirectory: scratch.path("no-traces"))
        let trace = #expect(throws: ScenarioError.self) {
            try traces.load(
                yaml: "name: t\ncluster:\n  trace: {format: openb, nodes: nodes.csv}\nworkloads: []\n",
                path: "scenarios/x.yaml")
        }
        #expect(trace?.kind == .notFound, "\(String(describing: trace))")
        #expect(ScenarioError(file: "x.yaml", message: "scenario file not found", kind: .invalid).kind == .invalid)
    }

    @Test("a YAML syntax error reports Yams' line and column")
    func syntaxError() throws {
        let yaml = "name: t\ncluster:\n  nodePools: [\n    {name: a\nworkloads: []\n"
        let error = try error(yaml)
        let line = try #require(error.line)
        #expect((3...6).contains(line), "\(error)")
        #expect(error.description.contains("YAML syntax error at line \(line), column"), "\(error)")
    }

    @Test("a tab-indented line is a syntax error on that line")
    func tabIndentation() throws {
        let error = try error("name: t\ncluster:\n\tnodePools: []\n")
        #expect(error.line == 3, "\(error)")
        #expect(error.description.contains("YAML syntax error"), "\(error)")
    }
}
