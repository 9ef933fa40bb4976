/// Cluster Autoscaler settings (kubernetes/autoscaler `cluster-autoscaler/FAQ.md`, release 1.36 defaults).
///
/// Pools opt in with `minSize`/`maxSize` on `NodePoolSpec`.
public struct ClusterAutoscalerSettings: Sendable, Equatable {
    /// How a scale-up picks among node pools that can help (`--expander`).
    public enum Expander: String, Sendable, Equatable, CaseIterable {
        /// Least idle CPU and memory after the scale-up (the default): minimise
        /// `(availCPU - reqCPU)/availCPU + (availMem - reqMem)/availMem` with `avail = capacity x new nodes`
        /// (`expander/waste/waste.go`).
        case leastWaste = "least-waste"
        /// The option that schedules the most pending pods (`expander/mostpods`).
        case mostPods = "most-pods"
        /// Uniformly random among options (seeded stream `autoscaler/random`).
        case random
        /// The cheapest option: new nodes x pool price (a simplification of `expander/price`, which also weighs a
        /// preferred node size).
        case price
        /// Highest pool `expanderPriority` (the ConfigMap of `expander/priority`), least-waste among ties.
        case priority
    }

    /// `--scan-interval`, ms (default 10 s).
    public var scanInterval: Int64 = 10_000
    /// `--expander` (default least-waste).
    public var expander: Expander = .leastWaste
    /// `--scale-down-utilization-threshold` (and the GPU one): a ratio in 0...1, default 0.5.
    public var scaleDownUtilizationThreshold: Double = 0.5
    /// `--scale-down-unneeded-time`, ms (default 10 min).
    public var scaleDownUnneededTime: Int64 = 600_000
    /// `--scale-down-delay-after-add`, ms (default 10 min).
    public var scaleDownDelayAfterAdd: Int64 = 600_000
    /// `--expendable-pods-priority-cutoff`: pods below it never trigger a scale-up (default -10).
    public var expendablePodsPriorityCutoff: Int32 = -10
    /// Whether scale-down is enabled (`--scale-down-enabled`, default true).
    public var isScaleDownEnabled = true

    /// Creates the default settings.
    public init() {}

    /// The utilization CA judges a node by for scale-down: GPU nodes by requested GPUs only, others by
    /// `max(cpu requested / allocatable, memory requested / allocatable)` (`simulator/utilization/info.go`).
    ///
    /// - Parameters:
    ///   - cpu: Requested CPU, millicores.
    ///   - allocatableCPU: Allocatable CPU, millicores.
    ///   - memory: Requested memory, bytes.
    ///   - allocatableMemory: Allocatable memory, bytes.
    ///   - gpuMilli: Requested GPU-milli.
    ///   - gpuCapacityMilli: The node's GPUs x 1000 (0 for a CPU node).
    /// - Returns: Utilization in 0...1.
    public static func utilization(
        cpu: Int64, allocatableCPU: Int64, memory: Int64, allocatableMemory: Int64, gpuMilli: Int64,
        gpuCapacityMilli: Int64
    ) -> Double {
        if gpuCapacityMilli > 0 { return Double(gpuMilli) / Double(gpuCapacityMilli) }
        let c = allocatableCPU > 0 ? Double(cpu) / Double(allocatableCPU) : 0
        let m = allocatableMemory > 0 ? Double(memory) / Double(allocatableMemory) : 0
        return max(c, m)
    }

    /// The least-waste score of a scale-up option (lower is better).
    ///
    /// - Parameters:
    ///   - requestedCPU: CPU of the pods the option schedules, millicores.
    ///   - requestedMemory: Their memory, bytes.
    ///   - nodeCPU: CPU capacity of one new node, millicores.
    ///   - nodeMemory: Memory of one new node, bytes.
    ///   - nodes: New nodes.
    /// - Returns: `(availCPU - reqCPU)/availCPU + (availMem - reqMem)/availMem`.
    public static func leastWasteScore(
        requestedCPU: Int64, requestedMemory: Int64, nodeCPU: Int64, nodeMemory: Int64, nodes: Int
    ) -> Double {
        let cpu = Double(nodeCPU) * Double(nodes)
        let memory = Double(nodeMemory) * Double(nodes)
        return (cpu - Double(requestedCPU)) / cpu + (memory - Double(requestedMemory)) / memory
    }
}
