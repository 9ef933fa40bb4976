@testable import CapSimCore

let GiB: Int64 = 1 << 30
let MiB: Int64 = 1 << 20

/// A cluster of the given nodes in one pool.
func cluster(_ nodes: [NodeSpec]) -> ClusterSpec {
    ClusterSpec(pools: [NodePoolSpec(name: "pool", count: nodes.count, pricePerHourUSD: 1)], nodes: nodes)
}

/// A node with CPU in millicores and memory in bytes.
func node(_ name: String, cpu: Int64, memory: Int64, gpus: Int32 = 0, model: String = "A100") -> NodeSpec {
    NodeSpec(
        name: name, cpuMillicores: cpu, memoryBytes: memory, gpuCount: gpus, gpuModel: gpus > 0 ? model : "",
        labels: ["kubernetes.io/hostname": name])
}

/// A single-pod job.
func job(
    _ name: String, at seconds: Int64, cpu: Int64 = 0, memory: Int64 = 0, gpus: Int32 = 0, gpuMilli: Int32 = 1000,
    runFor durationSeconds: Int64? = 3600, priority: Int32 = 0, on hostname: String? = nil
) -> JobSpec {
    JobSpec(
        name: name, workload: "w", submitTime: SimTime(milliseconds: seconds * 1000),
        durationMilliseconds: durationSeconds.map { $0 * 1000 },
        pod: PodTemplate(
            cpuMillicores: cpu, memoryBytes: memory, gpuCount: gpus, gpuMilliPerGPU: gpuMilli,
            priority: priority, nodeSelector: hostname.map { ["kubernetes.io/hostname": $0] } ?? [:]))
}

/// Binds a pod with the given requests onto a node of a state (test setup).
func occupy(_ state: inout ClusterState, node: Int, cpu: Int64, memory: Int64, gpus: Int32 = 0) {
    let pod = CompiledPod(PodTemplate(cpuMillicores: cpu, memoryBytes: memory, gpuCount: gpus), models: state.gpuModels)
    _ = state.bind(pod, on: node)
}

extension SimulationResult {
    func job(_ name: String) -> JobRecord? { jobs.first { $0.name == name } }
}
