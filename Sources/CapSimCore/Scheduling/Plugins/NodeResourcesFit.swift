/// NodeResourcesFit: the resource filter and the LeastAllocated / MostAllocated scores of kube-scheduler
/// (`pkg/scheduler/framework/plugins/noderesources/fit.go`, `least_allocated.go`, `most_allocated.go`),
/// extended with GPU devices as the Alibaba GPU-share scheduler does (whole GPUs need idle devices of an allowed
/// model; a shared GPU needs one device with enough free GPU-milli).
///
/// A plugin value carries its `NodeResourcesFitArgs` (`scoringStrategy`: type, resources with weights, shape); the
/// filter reads none of them.
public struct NodeResourcesFit: FilterPlugin, ScorePlugin {
    /// Why a pod does not fit a node, from cheapest to most specific check.
    public enum Failure: String, Sendable, Equatable, CaseIterable, FilterFailure {
        case tooManyPods = "Too many pods"
        case insufficientCPU = "Insufficient cpu"
        case insufficientMemory = "Insufficient memory"
        case gpuModel = "GPU model not allowed"
        case insufficientGPU = "Insufficient nvidia.com/gpu"

        /// Evicting pods can free room (`Unschedulable`).
        var code: PluginStatus.Code { .unschedulable }
    }

    /// `NodeResourcesFit`.
    static let name = "NodeResourcesFit"

    /// `scoringStrategy.type`.
    let strategy: ScoringStrategy
    /// `scoringStrategy.resources`: weights of cpu, memory and `nvidia.com/gpu` (0 = not scored).
    let weights: (cpu: Int64, memory: Int64, gpu: Int64)
    /// `scoringStrategy.requestedToCapacityRatio.shape`.
    let shape: [UtilizationShapePoint]

    /// Creates the plugin with a profile's arguments.
    ///
    /// - Parameter configuration: The profile (`scoringStrategy`, `fitResources`, `shape`).
    init(_ configuration: SchedulerConfiguration) {
        strategy = configuration.scoringStrategy
        weights = (
            configuration.fitResources[.cpu] ?? 0, configuration.fitResources[.memory] ?? 0,
            configuration.fitResources[.gpu] ?? 0
        )
        shape = configuration.shape
    }

    /// The filter (`Filter`); see `filter(_:node:state:)`, the static form.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: `nil` when the pod fits.
    @inline(__always)
    func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        Self.filter(pod, node: n, state: state)
    }

    /// The score (`Score`); see the static `score(_:node:state:strategy:weights:shape:)`.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: 0...100.
    @inline(__always)
    func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        Self.score(pod, node: n, state: state, strategy: strategy, weights: weights, shape: shape)
    }

    /// NodeResourcesFit has no `ScoreExtensions`: scores stay as they are.
    ///
    /// - Parameter scores: Scores, unchanged.
    func normalizeScore(_ scores: inout [Int64]) {}

    /// The filter (`fitsRequest`): pod count, then cpu and memory against allocatable minus *actual* requests,
    /// then GPU devices (and the room nominated to pods of at least the pod's priority). Returns `nil` when the pod
    /// fits.
    static func filter(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Failure? {
        if state.nominationCount > 0 && !state.nominations[n].isEmpty {
            let r = state.reserved(node: n, forPriority: pod.priority)
            return filter(pod, node: n, state: state, reserved: r)
        }
        return filter(pod, node: n, state: state, reserved: (0, 0, 0, 0))
    }

    @inline(__always)
    private static func filter(
        _ pod: CompiledPod, node n: Int, state: borrowing ClusterState,
        reserved: (cpu: Int64, memory: Int64, pods: Int32, wholeGPUs: Int32)
    ) -> Failure? {
        if state.podCount[n] + reserved.pods + 1 > state.allocatablePods[n] { return .tooManyPods }
        if pod.cpu > 0 && pod.cpu > state.allocatableCPU[n] - state.requestedCPU[n] - reserved.cpu {
            return .insufficientCPU
        }
        if pod.memory > 0 && pod.memory > state.allocatableMemory[n] - state.requestedMemory[n] - reserved.memory {
            return .insufficientMemory
        }
        guard pod.gpuCount > 0 else { return nil }
        let model = state.gpuModelID[n]
        if model < 0 { return .insufficientGPU }
        if pod.modelMask != .max && (model >= 64 || pod.modelMask & (1 << UInt64(model)) == 0) { return .gpuModel }
        // Idle devices and the roomiest partly used one are kept per node (`ClusterState.idleGPUs`,
        // `largestPartialFree`), so this reads two numbers instead of walking the devices.
        let idle = state.idleGPUs[n]
        if pod.gpuMilli < 1000 {
            // A shared pod needs one device with room, and whole-GPU nominations keep their idle devices.
            let partial = state.largestPartialFree[n] >= pod.gpuMilli
            return partial || idle > reserved.wholeGPUs ? nil : .insufficientGPU
        }
        return idle >= pod.gpuCount + reserved.wholeGPUs ? nil : .insufficientGPU
    }

    /// Whether the pod could fit the node if the node were empty (failure is "unresolvable" otherwise).
    static func fitsEmpty(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Bool {
        if state.allocatablePods[n] < 1 || pod.cpu > state.allocatableCPU[n] { return false }
        if pod.memory > state.allocatableMemory[n] { return false }
        guard pod.gpuCount > 0 else { return true }
        let model = state.gpuModelID[n]
        if model < 0 { return false }
        if pod.modelMask != .max && (model >= 64 || pod.modelMask & (1 << UInt64(model)) == 0) { return false }
        return pod.gpuCount <= state.gpuCount[n]
    }

    /// LeastAllocated score of one resource: `(allocatable - requested) * 100 / allocatable`, 0 when over capacity.
    ///
    /// - Parameters:
    ///   - requested: Node requests plus the pod's, in the resource's unit.
    ///   - allocatable: Node allocatable, > 0.
    /// - Returns: 0...100 (integer division truncates, as Go does).
    public static func leastAllocated(requested: Int64, allocatable: Int64) -> Int64 {
        if requested > allocatable { return 0 }
        return (allocatable - requested) * 100 / allocatable
    }

    /// MostAllocated score of one resource: `min(requested, allocatable) * 100 / allocatable`.
    ///
    /// - Parameters:
    ///   - requested: Node requests plus the pod's.
    ///   - allocatable: Node allocatable, > 0.
    /// - Returns: 0...100.
    public static func mostAllocated(requested: Int64, allocatable: Int64) -> Int64 {
        min(requested, allocatable) * 100 / allocatable
    }

    /// The RequestedToCapacityRatio score of one resource: utilization `requested * 100 / allocatable` (100 when
    /// over capacity or allocatable is 0) mapped through the shape, scores scaled by 10, integer interpolation
    /// (`buildBrokenLinearFunction`).
    ///
    /// - Parameters:
    ///   - requested: Node requests plus the pod's.
    ///   - allocatable: Node allocatable.
    ///   - shape: Points with strictly increasing utilization, scores 0...10.
    /// - Returns: 0...100.
    public static func requestedToCapacityRatio(
        requested: Int64, allocatable: Int64, shape: [UtilizationShapePoint]
    ) -> Int64 {
        guard let first = shape.first, let last = shape.last else { return 0 }
        let p = allocatable == 0 || requested > allocatable ? 100 : requested * 100 / allocatable
        if p <= first.utilization { return first.score * 10 }
        for k in 1..<shape.count where p <= shape[k].utilization {
            let (u0, s0) = (shape[k - 1].utilization, shape[k - 1].score * 10)
            let (u1, s1) = (shape[k].utilization, shape[k].score * 10)
            return s0 + (s1 - s0) * (p - u0) / (u1 - u0)
        }
        return last.score * 10
    }

    /// Combines RequestedToCapacityRatio resource scores: `round(Σ score_i w_i / Σ w_i)` over resources whose
    /// score is above 0 (the upstream `if resourceScore > 0` quirk), rounding half away from zero.
    ///
    /// - Parameter scores: Per-resource (score, weight).
    /// - Returns: 0...100.
    public static func combineRequestedToCapacityRatio(_ scores: [(score: Int64, weight: Int64)]) -> Int64 {
        var sum: Int64 = 0
        var weights: Int64 = 0
        for (score, weight) in scores where score > 0 {
            sum += score * weight
            weights += weight
        }
        guard weights > 0 else { return 0 }
        return Int64((Double(sum) / Double(weights)).rounded(.toNearestOrAwayFromZero))
    }

    /// The NodeResourcesFit score of a node: `Σ score_i × w_i / Σ w_i` over configured resources, skipping
    /// resources with allocatable 0 and GPUs when the pod requests none. CPU and memory use the non-zero
    /// requests (100 m / 200 MiB defaults).
    static func score(
        _ pod: CompiledPod, node n: Int, state: borrowing ClusterState, strategy: ScoringStrategy,
        weights: (cpu: Int64, memory: Int64, gpu: Int64), shape: [UtilizationShapePoint] = []
    ) -> Int64 {
        if strategy == .requestedToCapacityRatio {
            return ratioScore(pod, node: n, state: state, weights: weights, shape: shape)
        }
        var sum: Int64 = 0
        var weightSum: Int64 = 0
        @inline(__always) func add(_ requested: Int64, _ allocatable: Int64, _ w: Int64) {
            guard w > 0, allocatable > 0 else { return }
            let s =
                strategy == .leastAllocated
                ? leastAllocated(requested: requested, allocatable: allocatable)
                : mostAllocated(requested: requested, allocatable: allocatable)
            sum += s * w
            weightSum += w
        }
        add(state.nonZeroRequestedCPU[n] + pod.nonZeroCPU, state.allocatableCPU[n], weights.cpu)
        add(state.nonZeroRequestedMemory[n] + pod.nonZeroMemory, state.allocatableMemory[n], weights.memory)
        if pod.gpuCount > 0 {
            add(state.allocatedGPUMilli[n] + pod.totalGPUMilli, Int64(state.gpuCount[n]) * 1000, weights.gpu)
        }
        return weightSum == 0 ? 0 : sum / weightSum
    }

    private static func ratioScore(
        _ pod: CompiledPod, node n: Int, state: borrowing ClusterState,
        weights: (cpu: Int64, memory: Int64, gpu: Int64),
        shape: [UtilizationShapePoint]
    ) -> Int64 {
        var sum: Int64 = 0
        var weightSum: Int64 = 0
        @inline(__always) func add(_ requested: Int64, _ allocatable: Int64, _ w: Int64) {
            guard w > 0, allocatable > 0 else { return }
            let s = requestedToCapacityRatio(requested: requested, allocatable: allocatable, shape: shape)
            if s > 0 {
                sum += s * w
                weightSum += w
            }
        }
        add(state.nonZeroRequestedCPU[n] + pod.nonZeroCPU, state.allocatableCPU[n], weights.cpu)
        add(state.nonZeroRequestedMemory[n] + pod.nonZeroMemory, state.allocatableMemory[n], weights.memory)
        if pod.gpuCount > 0 {
            add(state.allocatedGPUMilli[n] + pod.totalGPUMilli, Int64(state.gpuCount[n]) * 1000, weights.gpu)
        }
        guard weightSum > 0 else { return 0 }
        return Int64((Double(sum) / Double(weightSum)).rounded(.toNearestOrAwayFromZero))
    }
}
