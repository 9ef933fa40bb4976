/// NodeResourcesBalancedAllocation (`pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go`).
///
/// Uses actual requests (no 100 m / 200 MiB defaults); a pod that requests nothing is skipped (k/k #129138).
/// Fractions are float64 as upstream; the result is truncated to an integer. A plugin value carries its
/// `NodeResourcesBalancedAllocationArgs` (`resources`) and the formula version.
public struct BalancedAllocation: PreScorePlugin, ScorePlugin {
    /// `NodeResourcesBalancedAllocation`.
    static let name = "NodeResourcesBalancedAllocation"

    /// `resources`: the resources whose balance is scored.
    let resources: [ScoredResource]
    /// Which release's formula to use.
    let version: KubernetesVersion

    /// Creates the plugin with a profile's arguments.
    ///
    /// - Parameter configuration: The profile (`balancedResources`, `kubernetesVersion`).
    init(_ configuration: SchedulerConfiguration) {
        resources = configuration.balancedResources
        version = configuration.kubernetesVersion
    }

    /// `skip` for a pod that requests nothing (`PreScore`, `isBestEffortPod`): its score would be 0 on every node.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - state: Cluster state.
    /// - Returns: `skip` or `success`.
    func preScore(_ pod: CompiledPod, state: borrowing ClusterState) -> PluginStatus {
        pod.requestsNothing ? .skip : .success
    }

    /// The score (`Score`); see the static `score(_:node:state:resources:version:)`.
    ///
    /// - Parameters:
    ///   - pod: The pod being scheduled.
    ///   - n: Node index.
    ///   - state: Cluster state.
    /// - Returns: 0...100.
    @inline(__always)
    func score(_ pod: CompiledPod, node n: Int, state: borrowing ClusterState) -> Int64 {
        Self.score(pod, node: n, state: state, resources: resources, version: version)
    }

    /// BalancedAllocation has no `ScoreExtensions`: scores stay as they are.
    ///
    /// - Parameter scores: Scores, unchanged.
    func normalizeScore(_ scores: inout [Int64]) {}

    /// The balance of a set of usage fractions: `int64((1 - std) * 100)`, with `std = |f1 - f2| / 2` for two
    /// resources, the population standard deviation for more, and 0 for fewer.
    ///
    /// - Parameter fractions: Per-resource `min(requested / allocatable, 1)`.
    /// - Returns: 0...100.
    public static func balance(_ fractions: [Double]) -> Int64 {
        balance(fractions.count, fractions.indices.map { fractions[$0] })
    }

    /// Score of a node for a pod.
    ///
    /// - Parameters:
    ///   - before: Fractions with the node's current requests.
    ///   - after: Fractions with the pod added.
    ///   - version: v1.35 scores `balance(after)`; v1.36 scores `50 + (50 + balance(after) - balance(before)) / 2`.
    /// - Returns: 0...100.
    public static func score(before: [Double], after: [Double], version: KubernetesVersion) -> Int64 {
        let b = balance(after)
        switch version {
        case .v1_35: return b
        case .v1_36: return 50 + (50 + b - balance(before)) / 2
        }
    }

    @inline(__always)
    static func balance(_ n: Int, _ f: [Double]) -> Int64 {
        let std: Double
        switch n {
        case 0, 1: std = 0
        case 2: std = abs(f[0] - f[1]) / 2
        default:
            let mean = f.reduce(0, +) / Double(n)
            std = (f.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        }
        return Int64((1 - std) * 100)
    }

    static func score(
        _ pod: CompiledPod, node n: Int, state: borrowing ClusterState, resources: [ScoredResource],
        version: KubernetesVersion
    ) -> Int64 {
        if pod.requestsNothing { return 0 }
        var before = (0.0, 0.0, 0.0)
        var after = (0.0, 0.0, 0.0)
        var count = 0
        for r in resources {
            let allocatable: Int64
            let requested: Int64
            let podRequest: Int64
            switch r {
            case .cpu: (allocatable, requested, podRequest) = (state.allocatableCPU[n], state.requestedCPU[n], pod.cpu)
            case .memory:
                (allocatable, requested, podRequest) = (
                    state.allocatableMemory[n], state.requestedMemory[n], pod.memory
                )
            case .gpu:
                if pod.gpuCount == 0 { continue }
                (allocatable, requested, podRequest) = (
                    Int64(state.gpuCount[n]) * 1000, state.allocatedGPUMilli[n], pod.totalGPUMilli
                )
            }
            if allocatable == 0 { continue }
            let fb = min(Double(requested) / Double(allocatable), 1)
            let fa = min(Double(requested + podRequest) / Double(allocatable), 1)
            switch count {
            case 0: (before.0, after.0) = (fb, fa)
            case 1: (before.1, after.1) = (fb, fa)
            default: (before.2, after.2) = (fb, fa)
            }
            count += 1
        }
        let a = balance3(count, after)
        switch version {
        case .v1_35: return a
        case .v1_36: return 50 + (50 + a - balance3(count, before)) / 2
        }
    }

    @inline(__always)
    private static func balance3(_ n: Int, _ f: (Double, Double, Double)) -> Int64 {
        let std: Double
        switch n {
        case 0, 1: std = 0
        case 2: std = abs(f.0 - f.1) / 2
        default:
            let mean = (f.0 + f.1 + f.2) / 3
            let v = ((f.0 - mean) * (f.0 - mean) + (f.1 - mean) * (f.1 - mean) + (f.2 - mean) * (f.2 - mean)) / 3
            std = v.squareRoot()
        }
        return Int64((1 - std) * 100)
    }
}
