import Testing

@testable import CapSimCore

/// RequestedToCapacityRatio, three-resource BalancedAllocation, NodeAffinity and TaintToleration scoring,
/// with the numbers of k8s-semantics.md section 4.
@Suite struct ScoringPluginTests {
    @Test("example 4: RTCR GPU bin-packing: gpu 75, cpu 37, node round(65.5) = 66")
    func rtcrBinPacking() {
        let shape = [
            UtilizationShapePoint(utilization: 0, score: 0), UtilizationShapePoint(utilization: 100, score: 10),
        ]
        let gpu = NodeResourcesFit.requestedToCapacityRatio(requested: 6000, allocatable: 8000, shape: shape)
        let cpu = NodeResourcesFit.requestedToCapacityRatio(requested: 12000, allocatable: 32000, shape: shape)
        #expect(gpu == 75)
        #expect(cpu == 37)
        #expect(NodeResourcesFit.combineRequestedToCapacityRatio([(gpu, 3), (cpu, 1)]) == 66)
        // Through the scheduler: node 8 GPU / 32000m with 4 GPUs and 8000m used; pod 2 GPUs, 4000m.
        var state = ClusterState(spec: cluster([node("g", cpu: 32000, memory: 256 * GiB, gpus: 8)]))
        occupy(&state, node: 0, cpu: 8000, memory: 0, gpus: 4)
        var config = SchedulerConfiguration.default
        config.scoringStrategy = .requestedToCapacityRatio
        config.shape = shape
        config.fitResources = [.gpu: 3, .cpu: 1]
        let rows = Scheduler(configuration: config, state: state).explainScores(
            for: PodTemplate(cpuMillicores: 4000, gpuCount: 2), state: state)
        #expect(rows.map(\.fit) == [66])
    }

    @Test("example 5: RTCR drops zero-score resources from the denominator: 50, not 25")
    func rtcrDropsZeroScores() {
        let shape = [
            UtilizationShapePoint(utilization: 0, score: 10), UtilizationShapePoint(utilization: 100, score: 0),
        ]
        let cpu = NodeResourcesFit.requestedToCapacityRatio(requested: 4000, allocatable: 4000, shape: shape)
        let memory = NodeResourcesFit.requestedToCapacityRatio(requested: 4 * GiB, allocatable: 8 * GiB, shape: shape)
        #expect(cpu == 0)
        #expect(memory == 50)
        #expect(NodeResourcesFit.combineRequestedToCapacityRatio([(cpu, 1), (memory, 1)]) == 50)
    }

    @Test("example 7: BalancedAllocation over cpu, memory and GPU gives 76 when the pod requests a GPU")
    func balancedWithGPU() {
        // Node 4000m / 8 GiB / 8 GPUs; after the pod: 2000m, 4 GiB, 8 GPUs.
        var state = ClusterState(spec: cluster([node("g", cpu: 4000, memory: 8 * GiB, gpus: 8)]))
        occupy(&state, node: 0, cpu: 1000, memory: 2 * GiB, gpus: 4)
        var config = SchedulerConfiguration.default
        config.balancedResources = [.cpu, .memory, .gpu]
        config.kubernetesVersion = .v1_35
        let scheduler = Scheduler(configuration: config, state: state)
        let withGPU = scheduler.explainScores(
            for: PodTemplate(cpuMillicores: 1000, memoryBytes: 2 * GiB, gpuCount: 4), state: state)
        #expect(withGPU.map(\.balancedAllocation) == [76])
        // Without a GPU request the GPU entry is skipped: fractions 0.5 and 0.5 -> 100.
        let noGPU = scheduler.explainScores(for: PodTemplate(cpuMillicores: 1000, memoryBytes: 2 * GiB), state: state)
        #expect(noGPU.map(\.balancedAllocation) == [100])
    }

    @Test("required node affinity: In, NotIn, Exists, DoesNotExist, Gt, Lt; terms are ORed, expressions ANDed")
    func requiredAffinity() {
        let labels = ["zone": "a", "gpu-mem": "80", "pool": "train"]
        func req(_ key: String, _ op: NodeSelectorRequirement.Operator, _ values: [String] = [])
            -> NodeSelectorRequirement
        {
            NodeSelectorRequirement(key: key, operator: op, values: values)
        }
        #expect(req("zone", .in, ["a", "b"]).matches(labels))
        #expect(!req("zone", .notIn, ["a"]).matches(labels))
        #expect(req("missing", .notIn, ["a"]).matches(labels))
        #expect(req("pool", .exists).matches(labels))
        #expect(req("missing", .doesNotExist).matches(labels))
        #expect(req("gpu-mem", .gt, ["40"]).matches(labels))
        #expect(!req("gpu-mem", .lt, ["40"]).matches(labels))
        #expect(!req("zone", .gt, ["1"]).matches(labels))
        let affinity = NodeAffinity(required: [
            NodeSelectorTerm(matchExpressions: [req("zone", .in, ["b"])]),
            NodeSelectorTerm(matchExpressions: [req("zone", .in, ["a"]), req("pool", .in, ["train"])]),
        ])
        #expect(affinity.admits(labels))
        #expect(!NodeAffinity(required: [NodeSelectorTerm(matchExpressions: [])]).admits(labels))
    }

    @Test("preferred node affinity (weight 2) moves a pod to the preferred node; required affinity filters")
    func preferredAffinityPlacement() throws {
        var a = node("a", cpu: 8000, memory: 16 * GiB)
        var b = node("b", cpu: 8000, memory: 16 * GiB)
        a.labels["disk"] = "hdd"
        b.labels["disk"] = "ssd"
        let prefer = NodeAffinity(preferred: [
            .init(
                weight: 50,
                term: NodeSelectorTerm(matchExpressions: [.init(key: "disk", operator: .in, values: ["ssd"])]))
        ])
        var preferring = job("preferring", at: 0, cpu: 1000)
        preferring.pod.nodeAffinity = prefer
        var requiring = job("requiring", at: 0, cpu: 1000)
        requiring.pod.nodeAffinity = NodeAffinity(required: [
            NodeSelectorTerm(matchExpressions: [.init(key: "disk", operator: .in, values: ["hdd"])])
        ])
        let result = Simulation.run(SimulationInput(cluster: cluster([a, b]), jobs: [preferring, requiring]))
        #expect(result.job("preferring")?.node == "b")
        #expect(result.job("requiring")?.node == "a")
    }

    @Test("TaintToleration scoring: a PreferNoSchedule taint the pod does not tolerate steers it away")
    func preferNoSchedule() throws {
        var tainted = node("tainted", cpu: 8000, memory: 16 * GiB)
        tainted.taints = [Taint(key: "spot", value: "true", effect: .preferNoSchedule)]
        // The tainted node is emptier, so LeastAllocated alone would pick it.
        let other = node("other", cpu: 8000, memory: 16 * GiB)
        let result = Simulation.run(
            SimulationInput(cluster: cluster([tainted, other]), jobs: [job("p", at: 0, cpu: 1000)]))
        #expect(result.job("p")?.node == "other")
        var tolerant = job("t", at: 0, cpu: 1000)
        tolerant.pod.tolerations = [Toleration(key: "spot", operator: .exists)]
        let second = Simulation.run(SimulationInput(cluster: cluster([tainted, other]), jobs: [tolerant]))
        #expect(second.job("t")?.node == "tainted")
    }

    @Test("NoSchedule taints filter; a matching toleration admits")
    func noScheduleFilter() throws {
        var gpuNode = node("gpu", cpu: 8000, memory: 16 * GiB, gpus: 1)
        gpuNode.taints = [Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule)]
        let result = Simulation.run(
            SimulationInput(cluster: cluster([gpuNode]), jobs: [job("cpu-only", at: 0, cpu: 100)]))
        #expect(result.job("cpu-only")?.state == .unplaceable)
        #expect(result.job("cpu-only")?.reason == "node(s) had untolerated taint")
        var tolerant = job("tolerant", at: 0, gpus: 1)
        tolerant.pod.tolerations = [
            Toleration(key: "nvidia.com/gpu", operator: .equal, value: "present", effect: .noSchedule)
        ]
        #expect(
            Simulation.run(SimulationInput(cluster: cluster([gpuNode]), jobs: [tolerant])).job("tolerant")?.state
                == .succeeded)
    }
}
