import CapSimCore
import Foundation

extension ScenarioParser {
    /// Keys of an inference workload (`workloads[]` with `inference:`).
    static let inferenceWorkloadKeys = ["name", "inference", "priority", "gpuModels", "nodeSelector", "tolerations"]

    /// Keys of `inference:`.
    static let inferenceKeys = [
        "requests", "replicas", "concurrencyPerReplica", "serviceTime", "startupDelay", "targetUtilization", "slo",
        "traffic",
    ]

    /// Reads every `workloads[]` entry with an `inference:` key into a service (the batch-job parser skips them).
    ///
    /// - Parameters:
    ///   - node: The `workloads:` list, or `nil`.
    ///   - mode: Replay mode (services need `timed`).
    ///   - horizon: Top-level `duration`, which services need (their traffic has no end).
    /// - Returns: Services in workload order.
    /// - Throws: `ScenarioError` naming the key path and line of the first problem.
    func parseInferenceServices(
        _ node: SchemaNode?, mode: SimulationInput.Mode, horizon: SimTime?
    ) throws(ScenarioError) -> [InferenceServiceSpec] {
        guard let node else { return [] }
        var services: [InferenceServiceSpec] = []
        for workloadNode in try node.sequence() {
            guard case .mapping = workloadNode.node else { continue }
            let workload = try workloadNode.mapping(allowedKeys: Self.workloadKeys)
            guard let inferenceNode = workload.optional("inference") else { continue }
            for entry in workload.entries where !Self.inferenceWorkloadKeys.contains(entry.key) {
                throw entry.value.error(
                    "does not apply to an inference workload (allowed beside `inference`: "
                        + Self.inferenceWorkloadKeys.filter { $0 != "inference" }.joined(separator: ", ") + ")")
            }
            guard mode == .timed else { throw inferenceNode.error("only applies in `mode: timed`") }
            guard horizon != nil else {
                throw inferenceNode.error(
                    "needs a top-level `duration:` (for example 1d): a service's traffic has no end, so the run "
                        + "needs a stop time")
            }
            let name = try workload.required("name").string()
            var service = try parseInference(inferenceNode, name: name)
            service.pod.priority = Int32(
                try workload.optional("priority")?.integer(in: Int64(Int32.min)...Int64(Int32.max)) ?? 0)
            if let modelsNode = workload.optional("gpuModels") {
                for modelNode in try modelsNode.sequence() {
                    let model = try modelNode.string()
                    if !service.pod.gpuModels.contains(model) { service.pod.gpuModels.append(model) }
                }
            }
            service.pod.nodeSelector = try workload.optional("nodeSelector")?.stringMap() ?? [:]
            if let tolerationsNode = workload.optional("tolerations") {
                for tolerationNode in try tolerationsNode.sequence() {
                    service.pod.tolerations.append(try parseToleration(tolerationNode))
                }
            }
            services.append(service)
        }
        return services
    }

    private func parseInference(_ node: SchemaNode, name: String) throws(ScenarioError) -> InferenceServiceSpec {
        let inference = try node.mapping(allowedKeys: Self.inferenceKeys)
        let pod = try parseRequests(inference.required("requests", "cpu, memory and GPUs of each replica"))
        let replicasNode = try inference.required("replicas", "{min, max, initial}")
        let replicas = try replicasNode.mapping(allowedKeys: ["min", "max", "initial"])
        let minimum = Int(try replicas.optional("min")?.integer(in: 0...10_000) ?? 1)
        let maximum = Int(try replicas.required("max", "upper bound of the HPA").integer(in: 1...10_000))
        guard minimum <= maximum else {
            throw replicasNode.error("`min` (\(minimum)) must not exceed `max` (\(maximum))")
        }
        let initialNode = replicas.optional("initial")
        let initial = Int(try initialNode?.integer(in: 0...10_000) ?? Int64(minimum))
        if let initialNode, initial < minimum || initial > maximum {
            throw initialNode.error("must be between `min` (\(minimum)) and `max` (\(maximum)), found \(initial)")
        }
        let concurrency = Int(try inference.optional("concurrencyPerReplica")?.integer(in: 1...100_000) ?? 1)
        let serviceTime = try inference.required("serviceTime", "mean time per request, e.g. 250ms")
            .durationMilliseconds(minimum: 1)
        let startup = try inference.optional("startupDelay")?.durationMilliseconds() ?? 0
        var target = 0.7
        if let targetNode = inference.optional("targetUtilization") {
            target = try targetNode.number(minimum: 0, isMinimumExcluded: true)
            guard target <= 1 else { throw targetNode.error("must be in (0, 1], found \(target)") }
        }
        let sloNode = try inference.required("slo", "{latency: 1s}")
        let slo = try sloNode.mapping(allowedKeys: ["latency"])
        let sloLatency = try slo.required("latency", "e.g. 1s").durationMilliseconds(minimum: 1)
        let traffic = try parseTraffic(inference.required("traffic", "constant, diurnal, steps or csv"))
        return InferenceServiceSpec(
            name: name, pod: pod, minReplicas: minimum, maxReplicas: maximum, initialReplicas: initial,
            concurrencyPerReplica: concurrency, serviceTimeMilliseconds: serviceTime, startupDelayMilliseconds: startup,
            targetUtilization: target, sloLatencyMilliseconds: sloLatency, traffic: traffic)
    }

    /// Reads `traffic:` — exactly one of `constant: rps`, `diurnal: {mean, amplitude, peakAt}`,
    /// `steps: [{at, rps}]` or `csv: path` (rows `time,rps`, time in seconds or as a duration; a header row is
    /// skipped; a relative path resolves against the traces directory).
    private func parseTraffic(_ node: SchemaNode) throws(ScenarioError) -> InferenceTraffic {
        let traffic = try node.mapping(allowedKeys: ["constant", "diurnal", "steps", "csv"])
        guard traffic.entries.count == 1, let entry = traffic.entries.first else {
            throw node.error("give exactly one of `constant`, `diurnal`, `steps` or `csv`")
        }
        let value = entry.value
        switch entry.key {
        case "constant":
            return .constant(try value.number(minimum: 0))
        case "diurnal":
            let diurnal = try value.mapping(allowedKeys: ["mean", "amplitude", "peakAt"])
            let mean = try diurnal.required("mean", "requests per second").number(minimum: 0)
            let amplitudeNode = diurnal.optional("amplitude")
            let amplitude = try amplitudeNode?.number(minimum: 0) ?? 0
            if let amplitudeNode, amplitude > mean {
                throw amplitudeNode.error("must not exceed `mean` (\(mean)), or the rate would go negative")
            }
            let peak = try diurnal.optional("peakAt")?.durationMilliseconds() ?? 0
            return .diurnal(mean: mean, amplitude: amplitude, peakAtMilliseconds: peak)
        case "steps":
            var points: [InferencePoint] = []
            let stepNodes = try value.sequence()
            guard !stepNodes.isEmpty else { throw value.error("needs at least one {at, rps} step") }
            for stepNode in stepNodes {
                let step = try stepNode.mapping(allowedKeys: ["at", "rps"])
                let atNode = try step.required("at", "time since the start, e.g. 2h")
                let at = try atNode.durationMilliseconds()
                if let last = points.last, at <= last.milliseconds {
                    throw atNode.error("steps must be in increasing time order")
                }
                points.append(.init(milliseconds: at, rps: try step.required("rps").number(minimum: 0)))
            }
            return .steps(points)
        default:
            let path = try resolveTracePath(value)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw value.error("cannot read \(path)")
            }
            var points: [InferencePoint] = []
            for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.count >= 2 else { throw value.error("\(path) line \(index + 1): expected time,rps") }
                let time: Int64?
                if let seconds = Double(fields[0]) {
                    time = Int64((seconds * 1000).rounded())
                } else {
                    time = try? DurationParser.milliseconds(fields[0])
                }
                guard let time, let rps = Double(fields[1]), rps >= 0, time >= 0 else {
                    if points.isEmpty && index == 0 { continue }  // header row
                    throw value.error("\(path) line \(index + 1): expected time,rps with rps >= 0, found \"\(line)\"")
                }
                if let last = points.last, time <= last.milliseconds {
                    throw value.error("\(path) line \(index + 1): times must increase")
                }
                points.append(.init(milliseconds: time, rps: rps))
            }
            guard !points.isEmpty else { throw value.error("\(path) has no time,rps rows") }
            return .series(points)
        }
    }
}
