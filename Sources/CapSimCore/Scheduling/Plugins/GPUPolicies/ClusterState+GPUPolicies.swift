/// Per-node quantities the GPU-sharing policies read (upstream `NodeResource`, `pkg/type/resource.go`).
extension ClusterState {
    /// Allocatable minus requested CPU (upstream `MilliCpuLeft`), millicores.
    @inline(__always)
    func cpuLeft(node: Int) -> Int64 { allocatableCPU[node] - requestedCPU[node] }

    /// Free GPU-milli summed over the node's devices (upstream `GetTotalMilliGpuLeft`).
    @inline(__always)
    func freeGPUMilli(node: Int) -> Int64 { Int64(gpuCount[node]) * 1000 - allocatedGPUMilli[node] }
}

extension CompiledPod {
    /// Whether the pod shares one GPU (`gpuCount == 1`, less than 1000 GPU-milli), upstream `IsGpuShare`.
    var isSharedGPU: Bool { gpuCount == 1 && gpuMilli < 1000 }
}
