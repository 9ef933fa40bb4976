import CapSimCore
import Foundation
import SwiftCSV

/// One pod row of an openb pod list (Alibaba cluster-trace-gpu-v2023, `openb_pod_list_*.csv`).
public struct OpenbPod: Sendable, Equatable {
    /// Pod name (`openb-pod-NNNN`).
    public var name: String
    /// CPU request, millicores.
    public var cpuMillicores: Int64
    /// Memory request, MiB.
    public var memoryMiB: Int64
    /// GPUs requested (0, 1, 2, 4 or 8).
    public var gpuCount: Int32
    /// GPU-milli per requested GPU (1...1000; < 1000 only for single-GPU sharing pods; 0 for CPU pods).
    public var gpuMilli: Int32
    /// Allowed GPU models (from `gpu_spec`, duplicates removed); empty = any.
    public var gpuModels: [String]
    /// `creation_time`, seconds from trace start; `nil` when the file has no time columns.
    public var creationSeconds: Int64?
    /// `deletion_time`, seconds from trace start.
    public var deletionSeconds: Int64?

    /// Total GPU request, GPU-milli.
    public var totalGPUMilli: Int64 { Int64(gpuCount) * Int64(gpuMilli) }
}

/// A problem in a trace file: which file, which line, what is wrong.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem an error is, so a caller (the CLI's exit code) can react without reading the message.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The trace file does not exist.
        case notFound
        /// The file exists but cannot be read as CSV.
        case unreadable
        /// A column is missing or a value is out of range.
        case invalid
    }

    /// Path of the file.
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// What is wrong and what is allowed.
    public var message: String
    /// What kind of problem this is.
    public var kind: Kind

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - file: Path of the file.
    ///   - line: 1-based line number, or `nil`.
    ///   - message: What is wrong and what is allowed.
    ///   - kind: What kind of problem this is; most are `.invalid` content.
    public init(file: String, line: Int?, message: String, kind: Kind = .invalid) {
        self.file = file
        self.line = line
        self.message = message
        self.kind = kind
    }

    /// `file:line: message`, or `file: message` when the line is unknown.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Importer for the openb trace of the ATC'23 FGD paper (format: shared SOURCE.md of the trace, columns
/// `sn,cpu_milli,memory_mib,gpu,model` for nodes and `name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,qos,
/// pod_phase,creation_time,deletion_time,scheduled_time]` for pods).
public enum OpenbTrace {
    /// Reads a node list.
    ///
    /// - Parameter path: Path of `openb_node_list_*.csv`.
    /// - Returns: One node per row, in file order, `poolIndex` 0, 110 pod slots, memory in bytes.
    /// - Throws: `TraceError` when the file is missing, a column is missing or a value is not a non-negative integer.
    public static func loadNodes(path: String) throws -> [NodeSpec] {
        // (memory_mib is at most `maxMemoryMiB`, so its bytes fit an Int64.)
        let rows = try readRows(path: path, required: ["sn", "cpu_milli", "memory_mib", "gpu", "model"])
        var nodes: [NodeSpec] = []
        nodes.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let line = i + 2
            let gpus = try integer(row, "gpu", path: path, line: line, max: 64)
            let model = row["model"] ?? ""
            if gpus > 0 && model.isEmpty {
                throw TraceError(file: path, line: line, message: "node has \(gpus) GPUs but an empty model column")
            }
            nodes.append(
                NodeSpec(
                    name: row["sn"] ?? "node-\(i)", poolIndex: 0,
                    cpuMillicores: try integer(row, "cpu_milli", path: path, line: line),
                    memoryBytes: try integer(row, "memory_mib", path: path, line: line, max: maxMemoryMiB) * 1_048_576,
                    gpuCount: Int32(gpus), gpuModel: gpus > 0 ? model : ""))
        }
        try rejectDuplicates(nodes.map(\.name), what: "node", column: "sn", path: path)
        return nodes
    }

    /// Throws for the first name that appears twice (a trace with duplicate names would merge or confuse records).
    private static func rejectDuplicates(_ names: [String], what: String, column: String, path: String) throws {
        var firstLine: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if let first = firstLine[name] {
                throw TraceError(
                    file: path, line: i + 2,
                    message:
                        "\(what) name \"\(name)\" (column \(column)) already appears on line \(first); names must be unique"
                )
            }
            firstLine[name] = i + 2
        }
    }

    /// The nodes in a seed-dependent random order (Fisher-Yates, stream `nodes/shuffle`), for `cluster.trace.
    /// shuffleNodes` and the reproduction harness.
    ///
    /// Node order decides ties between equally scored nodes (the first wins). The reference simulator of the ATC'23
    /// paper sorts the nodes by name and prefixes each with a random `%04d-` rank (`rand.Perm` in
    /// `syncClusterResourceList`), and its scheduler breaks ties in that order, so each seed sees the nodes in a
    /// different uniformly random order. This draws such an order from capsim's own generator (not Go's), so single
    /// seeds differ from the reference while the distribution is the same.
    ///
    /// - Parameters:
    ///   - nodes: Nodes in file order.
    ///   - seed: Scenario seed.
    /// - Returns: The same nodes, shuffled.
    public static func shuffledNodes(_ nodes: [NodeSpec], seed: UInt64) -> [NodeSpec] {
        var random = SeededRandom(seed: seed, stream: "nodes/shuffle")
        var out = nodes
        out.shuffle(using: &random)
        return out
    }

    /// Reads a pod list.
    ///
    /// - Parameter path: Path of `openb_pod_list_*.csv`.
    /// - Returns: Pods in file order.
    /// - Throws: `TraceError` for a missing file or column, a malformed number, a GPU share above 1000, or a
    ///   multi-GPU pod with a share below 1000.
    public static func loadPods(path: String) throws -> [OpenbPod] {
        let rows = try readRows(path: path, required: ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"])
        var pods: [OpenbPod] = []
        pods.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let line = i + 2
            let count = Int32(try integer(row, "num_gpu", path: path, line: line, max: 64))
            let milli = Int32(try integer(row, "gpu_milli", path: path, line: line, max: 1000))
            if count > 1 && milli != 1000 {
                throw TraceError(
                    file: path, line: line,
                    message: "num_gpu is \(count) but gpu_milli is \(milli); only single-GPU pods may share a GPU")
            }
            if count > 0 && milli == 0 {
                throw TraceError(file: path, line: line, message: "num_gpu is \(count) but gpu_milli is 0")
            }
            var models: [String] = []
            for model in (row["gpu_spec"] ?? "").split(separator: "|") where !models.contains(String(model)) {
                models.append(String(model))
            }
            let creation = try optionalInteger(row, "creation_time", path: path, line: line)
            let deletion = try optionalInteger(row, "deletion_time", path: path, line: line)
            pods.append(
                OpenbPod(
                    name: row["name"] ?? "pod-\(i)",
                    cpuMillicores: try integer(row, "cpu_milli", path: path, line: line),
                    memoryMiB: try integer(row, "memory_mib", path: path, line: line, max: maxMemoryMiB),
                    gpuCount: count,
                    gpuMilli: count == 0 ? 0 : milli, gpuModels: count == 0 ? [] : models, creationSeconds: creation,
                    deletionSeconds: deletion))
            if let creation, let deletion, deletion < creation {
                throw TraceError(
                    file: path, line: line,
                    message:
                        "deletion_time \(deletion) is before creation_time \(creation); a pod cannot end before it starts"
                )
            }
        }
        try rejectDuplicates(pods.map(\.name), what: "pod", column: "name", path: path)
        return pods
    }

    /// Turns trace pods into one single-pod job each.
    ///
    /// - Timed: a pod arrives at `creation_time` and runs for `deletion_time - creation_time` once bound, so a pod
    ///   placed on arrival leaves exactly at its `deletion_time`.
    /// - Arrival-only: pods have no duration. With `tune`, pods drawn uniformly (with replacement, stream
    ///   `tune/<workload>`) from the trace are appended, named `<name>-tuned-<i>` and marked `isTuningSample`, while
    ///   the total GPU request stays at or below `tune x clusterGPUMilli` (the first draw that would exceed it stops
    ///   tuning, as `TunePodsByNodeTotalResource` in hkust-adsl/kubernetes-scheduler-simulator does). Then, with
    ///   `shuffle`, all pods are shuffled (Fisher-Yates, stream `shuffle/<workload>`).
    ///
    /// - Parameters:
    ///   - pods: Trace pods.
    ///   - workload: Workload name (used for job names' workload and random stream names).
    ///   - mode: Replay mode.
    ///   - tune: Target total GPU request as a multiple of cluster capacity (arrival-only), or `nil`.
    ///   - shuffle: Whether to shuffle the arrival order (arrival-only).
    ///   - seed: Scenario seed.
    ///   - clusterGPUMilli: Cluster GPU capacity, GPU-milli.
    ///   - path: The pod file, for error messages.
    /// - Returns: Jobs and trace statistics for the run summary (`trace_source_pods`, `trace_source_gpu_request` in
    ///   GPUs, and with tuning `trace_tuned_pods_added`, `trace_tune_target` in GPUs).
    /// - Throws: `TraceError` when timed mode is asked of a file without time columns.
    public static func jobs(
        from pods: [OpenbPod], workload: String, mode: SimulationInput.Mode, tune: Double?, shuffle: Bool,
        seed: UInt64, clusterGPUMilli: Int64, path: String = "trace"
    ) throws -> (jobs: [JobSpec], stats: [SummaryMetric]) {
        let sourceGPUMilli = pods.reduce(Int64(0)) { $0 + $1.totalGPUMilli }
        var stats = [
            SummaryMetric(name: "trace_source_pods", value: Double(pods.count), unit: "pods"),
            SummaryMetric(name: "trace_source_gpu_request", value: Double(sourceGPUMilli) / 1000, unit: "GPUs"),
        ]
        var jobs: [JobSpec] = []
        switch mode {
        case .timed:
            jobs.reserveCapacity(pods.count)
            for (i, pod) in pods.enumerated() {
                guard let creation = pod.creationSeconds, let deletion = pod.deletionSeconds else {
                    throw TraceError(
                        file: path, line: i + 2,
                        message: "pod \(pod.name) has no creation_time/deletion_time; timed replay needs them "
                            + "(use mode: arrival-only for files without time columns)")
                }
                jobs.append(
                    JobSpec(
                        name: pod.name, workload: workload, submitTime: SimTime(milliseconds: creation * 1000),
                        durationMilliseconds: max(0, deletion - creation) * 1000, pod: template(pod)))
            }
            let order = jobs.indices.sorted {
                (jobs[$0].submitTime, $0) < (jobs[$1].submitTime, $1)
            }
            jobs = order.map { jobs[$0] }
        case .arrivalOnly:
            var all = pods.map { (name: $0.name, pod: $0, tuned: false) }
            if let tune, tune > 0, !pods.isEmpty {
                let target = Int64((tune * Double(clusterGPUMilli)).rounded(.down))
                var total = sourceGPUMilli
                var random = SeededRandom(seed: seed, stream: "tune/\(workload)")
                var added = 0
                while true {
                    let pick = pods[random.nextIndex(below: pods.count)]
                    if total + pick.totalGPUMilli > target { break }
                    total += pick.totalGPUMilli
                    all.append((name: "\(pick.name)-tuned-\(added)", pod: pick, tuned: true))
                    added += 1
                }
                stats.append(SummaryMetric(name: "trace_tuned_pods_added", value: Double(added), unit: "pods"))
                stats.append(SummaryMetric(name: "trace_tune_target", value: Double(target) / 1000, unit: "GPUs"))
            }
            if shuffle {
                var random = SeededRandom(seed: seed, stream: "shuffle/\(workload)")
                all.shuffle(using: &random)
            }
            jobs = all.map {
                JobSpec(
                    name: $0.name, workload: workload, submitTime: .zero, durationMilliseconds: nil,
                    pod: template($0.pod), isTuningSample: $0.tuned)
            }
        }
        return (jobs, stats)
    }

    private static func template(_ pod: OpenbPod) -> PodTemplate {
        PodTemplate(
            cpuMillicores: pod.cpuMillicores, memoryBytes: pod.memoryMiB * 1_048_576, gpuCount: pod.gpuCount,
            gpuMilliPerGPU: pod.gpuCount == 0 ? 1000 : pod.gpuMilli, gpuModels: pod.gpuModels)
    }

    // MARK: - CSV helpers

    private static func readRows(path: String, required: [String]) throws -> [[String: String]] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TraceError(file: path, line: nil, message: "file not found", kind: .notFound)
        }
        let csv: NamedCSV
        do {
            csv = try NamedCSV(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
        } catch {
            throw TraceError(file: path, line: nil, message: "not a readable CSV file: \(error)", kind: .unreadable)
        }
        for column in required where !csv.header.contains(column) {
            throw TraceError(
                file: path, line: 1,
                message: "missing column \"\(column)\"; expected columns: \(required.joined(separator: ","))")
        }
        // Node and pod names become stored text, which SQLite would cut short at a NUL.
        for (index, row) in csv.rows.enumerated() {
            for column in csv.header where row[column]?.utf8.contains(0) == true {
                throw TraceError(
                    file: path, line: index + 2,
                    message: "\(column) contains a NUL character (\\0), which capsim cannot store; remove it")
            }
        }
        return csv.rows
    }

    /// The largest `memory_mib` accepted: its bytes must fit an Int64 (found by fuzzing: a larger value trapped).
    static let maxMemoryMiB: Int64 = Int64.max / 1_048_576

    private static func integer(
        _ row: [String: String], _ column: String, path: String, line: Int, max: Int64 = .max
    ) throws -> Int64 {
        let text = row[column] ?? ""
        guard let value = Int64(text), value >= 0, value <= max else {
            let range = max == .max ? "a non-negative integer" : "an integer in 0...\(max)"
            throw TraceError(file: path, line: line, message: "\(column) is \"\(text)\"; expected \(range)")
        }
        return value
    }

    private static func optionalInteger(_ row: [String: String], _ column: String, path: String, line: Int) throws
        -> Int64?
    {
        guard let text = row[column], !text.isEmpty else { return nil }
        return try integer(row, column, path: path, line: line)
    }
}
