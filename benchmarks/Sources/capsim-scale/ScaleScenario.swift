import CapSimCore
import Foundation

/// One synthetic scale scenario: a cluster shape and a job count, generated in memory with a fixed seed.
///
/// Three families exist:
/// - `mixed`: 8-GPU A100 nodes in two pools, a mix of whole-GPU and shared-GPU pods offered at 85 % of the GPU
///   capacity, default profile (LeastAllocated, preemption on);
/// - `overload`: 100 CPU-only nodes and CPU pods offered at twice the CPU capacity, so the backlog grows for as long
///   as jobs arrive;
/// - `fgd`: the `mixed` cluster and workload under the ATC'23 FGD profile (`SchedulerConfiguration.gpuSharing(.fgd)`,
///   every node scored).
struct ScaleScenario: Sendable, Equatable {
    /// The scenario family.
    enum Kind: String, Sendable, Equatable {
        /// Whole-GPU and shared-GPU pods on two labelled, tainted GPU pools, default profile.
        case mixed
        /// CPU pods arriving at twice the rate the cluster can run them.
        case overload
        /// The `mixed` workload under the FGD GPU policy profile.
        case fgd
    }

    /// Size presets selectable with `--size`.
    enum Size: String, Sendable, Equatable, CaseIterable {
        /// Finishes in well under a minute on a 2-core machine (the CI preset).
        case small
        /// Thousands of nodes and hundreds of thousands of jobs: minutes.
        case medium
        /// Up to 10,000 nodes and 1,000,000 pods over 30 simulated days.
        case full
    }

    /// Scenario name, unique within a preset (for example `mixed-1000`, `overload-20k`).
    var name: String
    /// Family.
    var kind: Kind
    /// Nodes in the cluster.
    var nodeCount: Int
    /// Jobs generated; each job has one pod, so this is also the pod count.
    var jobCount: Int
    /// Mean time between job arrivals (Poisson process), in milliseconds.
    var meanArrivalGapMilliseconds: Double

    /// Offered load of the `mixed` and `fgd` families: requested GPU-milli × duration summed over all jobs equals
    /// this share of the cluster's GPU-milli × arrival window.
    static let mixedOfferedLoad = 0.85
    /// Offered load of the `overload` family, as a share of the cluster's CPU millicores × arrival window.
    static let overloadOfferedLoad = 2.0
    /// Jobs per node over the arrival window of the `mixed` and `fgd` families (100 per node over 30 days).
    static let mixedJobsPerNode = 100
    /// Arrival window of the `mixed` and `fgd` families, in days.
    static let mixedArrivalDays = 30.0
    /// Nodes of the `overload` family.
    static let overloadNodeCount = 100
    /// Mean gap between `overload` arrivals, in milliseconds (two jobs a second).
    static let overloadArrivalGapMilliseconds = 500.0
    /// Seed of every scenario; streams are derived from it and the scenario name.
    static let seed: UInt64 = 20_240_610
    /// One day in milliseconds.
    static let dayMilliseconds = 86_400_000.0

    // MARK: - Catalog

    /// A `mixed` or `fgd` scenario with `mixedJobsPerNode` jobs per node spread over `mixedArrivalDays`.
    ///
    /// - Parameters:
    ///   - kind: `.mixed` or `.fgd`.
    ///   - nodes: Node count.
    ///   - jobs: Job count (default 100 per node).
    /// - Returns: The scenario, named `<kind>-<nodes>`.
    static func gpu(_ kind: Kind, nodes: Int, jobs: Int? = nil) -> ScaleScenario {
        let jobCount = jobs ?? nodes * mixedJobsPerNode
        return ScaleScenario(
            name: "\(kind.rawValue)-\(nodes)", kind: kind, nodeCount: nodes, jobCount: jobCount,
            meanArrivalGapMilliseconds: mixedArrivalDays * dayMilliseconds / Double(jobCount))
    }

    /// An `overload` scenario with `jobs` CPU jobs on `overloadNodeCount` nodes.
    ///
    /// - Parameter jobs: Job count, a multiple of 1,000.
    /// - Returns: The scenario, named `overload-<jobs/1000>k`.
    static func overload(jobs: Int) -> ScaleScenario {
        ScaleScenario(
            name: "overload-\(jobs / 1000)k", kind: .overload, nodeCount: overloadNodeCount, jobCount: jobs,
            meanArrivalGapMilliseconds: overloadArrivalGapMilliseconds)
    }

    /// The scenarios of a size preset, in the order they run.
    ///
    /// - Parameter size: The preset.
    /// - Returns: Scenarios, smallest of each family first.
    static func catalog(_ size: Size) -> [ScaleScenario] {
        switch size {
        case .small:
            return [
                gpu(.mixed, nodes: 100), overload(jobs: 5_000), overload(jobs: 10_000),
                gpu(.fgd, nodes: 1_000),
            ]
        case .medium:
            return [
                gpu(.mixed, nodes: 100), gpu(.mixed, nodes: 1_000), gpu(.mixed, nodes: 5_000),
                overload(jobs: 5_000), overload(jobs: 10_000), overload(jobs: 20_000), overload(jobs: 40_000),
                gpu(.fgd, nodes: 1_000),
            ]
        case .full:
            return [
                gpu(.mixed, nodes: 100), gpu(.mixed, nodes: 1_000), gpu(.mixed, nodes: 5_000),
                gpu(.mixed, nodes: 10_000), overload(jobs: 5_000), overload(jobs: 10_000), overload(jobs: 20_000),
                overload(jobs: 40_000), gpu(.fgd, nodes: 1_000), gpu(.fgd, nodes: 10_000),
            ]
        }
    }

    // MARK: - Generation

    /// Builds the simulation input: cluster, scheduler profile and jobs, all derived from `seed` and `name`.
    ///
    /// - Returns: A timed-mode input without a horizon (the run ends when the last job finishes).
    func makeInput() -> SimulationInput {
        switch kind {
        case .mixed:
            return SimulationInput(cluster: gpuCluster(), scheduler: .default, jobs: gpuJobs(), seed: Self.seed)
        case .fgd:
            return SimulationInput(
                cluster: gpuCluster(), scheduler: .gpuSharing(.fgd), jobs: gpuJobs(), seed: Self.seed)
        case .overload:
            return SimulationInput(cluster: cpuCluster(), scheduler: .default, jobs: cpuJobs(), seed: Self.seed)
        }
    }

    /// The GPU cluster: two pools (`pool-a`, `pool-b`, labelled `pool=a` / `pool=b`) of 8-GPU A100 nodes with
    /// 96 cores and 1152 GiB, each node tainted `nvidia.com/gpu=present:NoSchedule`.
    private func gpuCluster() -> ClusterSpec {
        let half = nodeCount / 2
        let counts = [half, nodeCount - half]
        let taint = Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule)
        var nodes: [NodeSpec] = []
        nodes.reserveCapacity(nodeCount)
        for (poolIndex, label) in ["a", "b"].enumerated() {
            for i in 0..<counts[poolIndex] {
                nodes.append(
                    NodeSpec(
                        name: "gpu-\(label)-\(i)", poolIndex: poolIndex, cpuMillicores: 96_000,
                        memoryBytes: 1152 << 30, gpuCount: 8, gpuModel: "A100", labels: ["pool": label],
                        taints: [taint]))
            }
        }
        let pools = [
            NodePoolSpec(name: "pool-a", count: counts[0], pricePerHourUSD: 0),
            NodePoolSpec(name: "pool-b", count: counts[1], pricePerHourUSD: 0),
        ]
        return ClusterSpec(pools: pools, nodes: nodes)
    }

    /// The CPU cluster: one pool of nodes with 64 cores and 256 GiB, no GPUs, no taints.
    private func cpuCluster() -> ClusterSpec {
        let nodes = (0..<nodeCount).map {
            NodeSpec(name: "cpu-\($0)", cpuMillicores: 64_000, memoryBytes: 256 << 30, labels: ["pool": "cpu"])
        }
        return ClusterSpec(pools: [NodePoolSpec(name: "cpu", count: nodeCount, pricePerHourUSD: 0)], nodes: nodes)
    }

    /// The `mixed` workload.
    ///
    /// Shapes: 35 % shared-GPU pods (250...700 GPU-milli in steps of 50, 2 cores, 16 GiB), 35 % 1-GPU, 15 % 2-GPU,
    /// 12 % 4-GPU and 3 % 8-GPU pods (11 cores and 128 GiB per GPU). 20 % of the jobs select `pool=a`, 20 %
    /// `pool=b`; every pod tolerates the GPU taint. Durations: shared pods exponential, whole-GPU pods lognormal
    /// (σ 1, capped at 10× the median), all scaled together so the offered load is `mixedOfferedLoad`.
    private func gpuJobs() -> [JobSpec] {
        var shapes = SeededRandom(seed: Self.seed, stream: "scale/\(name)/shapes")
        var durations = SeededRandom(seed: Self.seed, stream: "scale/\(name)/durations")
        let toleration = Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noSchedule)
        var pods: [PodTemplate] = []
        var rawDurations: [Double] = []
        pods.reserveCapacity(jobCount)
        rawDurations.reserveCapacity(jobCount)
        for _ in 0..<jobCount {
            let draw = shapes.nextIndex(below: 100)
            var pod: PodTemplate
            if draw < 35 {
                let milli = Int32(250 + 50 * shapes.nextIndex(below: 10))
                pod = PodTemplate(cpuMillicores: 2_000, memoryBytes: 16 << 30, gpuCount: 1, gpuMilliPerGPU: milli)
                rawDurations.append(-0.5 * log(durations.nextUnitOpen()))
            } else {
                let gpus: Int64 = draw < 70 ? 1 : draw < 85 ? 2 : draw < 97 ? 4 : 8
                pod = PodTemplate(
                    cpuMillicores: 11_000 * gpus, memoryBytes: gpus * (128 << 30), gpuCount: Int32(gpus))
                rawDurations.append(min(10, exp(durations.nextGaussian())))
            }
            let selector = shapes.nextIndex(below: 10)
            if selector < 2 { pod.nodeSelector = ["pool": selector == 0 ? "a" : "b"] }
            pod.tolerations = [toleration]
            pods.append(pod)
        }
        let capacity = Double(nodeCount) * 8_000
        return makeJobs(
            pods: pods, rawDurations: rawDurations, workload: "mixed", demand: { Double($0.totalGPUMilli) },
            capacity: capacity, offeredLoad: Self.mixedOfferedLoad)
    }

    /// The `overload` workload: pods of 1, 2, 4 or 8 cores (4 GiB per core) with exponential durations scaled so
    /// the offered load is `overloadOfferedLoad` of the CPU capacity.
    private func cpuJobs() -> [JobSpec] {
        var shapes = SeededRandom(seed: Self.seed, stream: "scale/\(name)/shapes")
        var durations = SeededRandom(seed: Self.seed, stream: "scale/\(name)/durations")
        var pods: [PodTemplate] = []
        var rawDurations: [Double] = []
        pods.reserveCapacity(jobCount)
        rawDurations.reserveCapacity(jobCount)
        for _ in 0..<jobCount {
            let cores = Int64(1) << Int64(shapes.nextIndex(below: 4))
            pods.append(PodTemplate(cpuMillicores: cores * 1_000, memoryBytes: cores * (4 << 30)))
            rawDurations.append(-log(durations.nextUnitOpen()))
        }
        return makeJobs(
            pods: pods, rawDurations: rawDurations, workload: "overload", demand: { Double($0.cpuMillicores) },
            capacity: Double(nodeCount) * 64_000, offeredLoad: Self.overloadOfferedLoad)
    }

    /// Gives the pods Poisson arrival times and turns their raw durations into milliseconds.
    ///
    /// The duration scale is chosen so that `Σ demand(pod) × duration` equals `offeredLoad × capacity × window`,
    /// where the window is the last submit time: the realized sample hits the target load exactly.
    ///
    /// - Parameters:
    ///   - pods: One pod per job.
    ///   - rawDurations: Unscaled durations, one per pod, > 0.
    ///   - workload: Workload name of the jobs.
    ///   - demand: The bottleneck resource one pod requests (GPU-milli or millicores).
    ///   - capacity: The cluster's total of that resource.
    ///   - offeredLoad: Target load as a share of `capacity`.
    /// - Returns: Jobs in submit order, named `j<index>`, each at least one second long.
    private func makeJobs(
        pods: [PodTemplate], rawDurations: [Double], workload: String, demand: (PodTemplate) -> Double,
        capacity: Double, offeredLoad: Double
    ) -> [JobSpec] {
        var arrivals = SeededRandom(seed: Self.seed, stream: "scale/\(name)/arrivals")
        var submit: [Int64] = []
        submit.reserveCapacity(pods.count)
        var clock = 0.0
        for _ in pods {
            clock += -meanArrivalGapMilliseconds * log(arrivals.nextUnitOpen())
            submit.append(Int64(clock))
        }
        let window = Double(max(1, submit.last ?? 1))
        var rawWork = 0.0
        for (pod, raw) in zip(pods, rawDurations) { rawWork += demand(pod) * raw }
        let scale = offeredLoad * capacity * window / max(rawWork, 1)
        var jobs: [JobSpec] = []
        jobs.reserveCapacity(pods.count)
        for i in pods.indices {
            jobs.append(
                JobSpec(
                    name: "j\(i)", workload: workload, submitTime: SimTime(milliseconds: submit[i]),
                    durationMilliseconds: max(1_000, Int64(rawDurations[i] * scale)), pod: pods[i]))
        }
        return jobs
    }
}
