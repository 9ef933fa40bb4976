/// A pod template resolved against one cluster: integer requests plus the scoring defaults and a bit mask of the
/// allowed GPU models, so the per-node filter and score loops do no lookups or allocation.
struct CompiledPod: Sendable {
    var cpu: Int64
    var memory: Int64
    var nonZeroCPU: Int64
    var nonZeroMemory: Int64
    var gpuCount: Int32
    var gpuMilli: Int32
    var totalGPUMilli: Int64
    /// Allowed model ids as bits; `UInt64.max` means any model.
    var modelMask: UInt64
    var priority: Int32
    var nodeSelector: [(String, String)]
    var tolerations: [Toleration]
    var affinity: NodeAffinity
    var hasRequiredAffinity: Bool
    var hasPreferredAffinity: Bool
    var canPreempt: Bool
    /// GPU-milli kept busy while running (`totalGPUMilli x gpuBusyFraction`, rounded).
    var busyGPUMilli: Int64
    var isSafeToEvict: Bool
    var gracePeriod: Int64
    /// Its shape id in the scheduler's `StaticFilterCache` (node bit set of NodeAffinity and TaintToleration), or -1
    /// before the scheduler classified it; set again when Kueue changes its nodeSelector.
    var staticShape: Int32 = -1

    init(_ template: PodTemplate, models: [String]) {
        cpu = template.cpuMillicores
        memory = template.memoryBytes
        nonZeroCPU = cpu == 0 ? ClusterState.defaultMilliCPURequest : cpu
        nonZeroMemory = memory == 0 ? ClusterState.defaultMemoryRequest : memory
        gpuCount = template.gpuCount
        gpuMilli = template.gpuMilliPerGPU
        totalGPUMilli = template.totalGPUMilli
        if template.gpuModels.isEmpty {
            modelMask = .max
        } else {
            var mask: UInt64 = 0
            for name in template.gpuModels {
                if let id = models.firstIndex(of: name), id < 64 { mask |= 1 << UInt64(id) }
            }
            modelMask = mask
        }
        priority = template.priority
        nodeSelector = template.nodeSelector.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        tolerations = template.tolerations
        affinity = template.nodeAffinity
        hasRequiredAffinity = !affinity.required.isEmpty
        hasPreferredAffinity = !affinity.preferred.isEmpty
        busyGPUMilli = Int64((Double(template.totalGPUMilli) * min(1, max(0, template.gpuBusyFraction))).rounded())
        isSafeToEvict = template.isSafeToEvict
        canPreempt = template.preemptionPolicy == .preemptLowerPriority
        gracePeriod = template.terminationGracePeriodMilliseconds
    }

    /// Whether the pod requests nothing at all (BalancedAllocation skips such pods).
    var requestsNothing: Bool { cpu == 0 && memory == 0 && gpuCount == 0 }
}
