import CapSimCore
import CapSimScenario
import Testing

@Suite struct ScenarioLoaderTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    static let explicit = """
        name: explicit
        description: two workloads with fixed submit times
        seed: 7
        duration: 2d
        cluster:
          nodePools:
            - name: gpu
              count: 2
              cpu: "32"
              memory: 256Gi
              pods: 64
              gpu: {count: 4, model: A100}
              labels: {tier: gpu}
              taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
              pricePerHour: 12.5
            - {name: cpu, count: 1, cpu: 16, memory: 64G}
        scheduler:
          profile: binpack
          kubernetesVersion: 1.35
          scoringStrategy: LeastAllocated
          resources: {cpu: 2, nvidia.com/gpu: 5}
          weights: {NodeResourcesBalancedAllocation: 2, TaintToleration: 0}
        workloads:
          - name: train
            priority: 10
            parallelism: 2
            requests: {cpu: 1500m, memory: 1.5Gi, nvidia.com/gpu: 2}
            gpuModels: [A100, H100]
            nodeSelector: {tier: gpu}
            tolerations: [{key: nvidia.com/gpu, operator: Exists}]
            duration: 90m
            arrivals: {at: [1h, 0s, 10m]}
          - name: share
            requests:
              cpu: "0.5"
              memory: 512Mi
              alibabacloud.com/gpu-milli: 250
            duration: {empirical: [30s]}
            arrivals:
              at: [10m, 0s]
        metrics:
          step: 1m
        """

    @Test("explicit arrivals give exactly the expected jobs")
    func explicitJobs() throws {
        let scenario = try loader.load(yaml: Self.explicit, path: "explicit.yaml")
        let train = PodTemplate(
            cpuMillicores: 1500, memoryBytes: 1_610_612_736, gpuCount: 2, gpuMilliPerGPU: 1000,
            gpuModels: ["A100", "H100"], priority: 10, nodeSelector: ["tier": "gpu"],
            tolerations: [Toleration(key: "nvidia.com/gpu", operator: .exists)])
        let share = PodTemplate(cpuMillicores: 500, memoryBytes: 536_870_912, gpuCount: 1, gpuMilliPerGPU: 250)
        func job(_ name: String, _ workload: String, _ ms: Int64, _ pods: Int32, _ run: Int64, _ pod: PodTemplate)
            -> JobSpec
        {
            JobSpec(
                name: name, workload: workload, submitTime: SimTime(milliseconds: ms), parallelism: pods,
                durationMilliseconds: run, pod: pod)
        }
        // Sorted by submit time; ties keep workload order, then index order.
        #expect(
            scenario.input.jobs == [
                job("train-1", "train", 0, 2, 5_400_000, train),
                job("share-1", "share", 0, 1, 30_000, share),
                job("train-2", "train", 600_000, 2, 5_400_000, train),
                job("share-0", "share", 600_000, 1, 30_000, share),
                job("train-0", "train", 3_600_000, 2, 5_400_000, train),
            ])
    }

    @Test("scenario settings, cluster and scheduler overrides are read")
    func settings() throws {
        let scenario = try loader.load(yaml: Self.explicit, path: "explicit.yaml", seedOverride: 99)
        #expect(scenario.name == "explicit")
        #expect(scenario.description == "two workloads with fixed submit times")
        #expect(scenario.seed == 99)
        #expect(scenario.path == "explicit.yaml")
        let input = scenario.input
        #expect(input.mode == .timed)
        #expect(input.horizon == SimTime(milliseconds: 172_800_000))
        #expect(input.sampleStepMilliseconds == 60_000)
        #expect(
            input.cluster.pools == [
                NodePoolSpec(name: "gpu", count: 2, pricePerHourUSD: 12.5),
                NodePoolSpec(name: "cpu", count: 1, pricePerHourUSD: 0),
            ])
        #expect(input.cluster.nodes.map(\.name) == ["gpu-0000", "gpu-0001", "cpu-0000"])
        #expect(
            input.cluster.nodes[1]
                == NodeSpec(
                    name: "gpu-0001", poolIndex: 0, cpuMillicores: 32_000, memoryBytes: 274_877_906_944, maxPods: 64,
                    gpuCount: 4, gpuModel: "A100", labels: ["tier": "gpu"],
                    taints: [Taint(key: "nvidia.com/gpu", effect: .noSchedule)]))
        #expect(
            input.cluster.nodes[2]
                == NodeSpec(
                    name: "cpu-0000", poolIndex: 1, cpuMillicores: 16_000, memoryBytes: 64_000_000_000))
        var expected = SchedulerConfiguration.binpack
        expected.kubernetesVersion = .v1_35
        expected.scoringStrategy = .leastAllocated
        expected.fitResources = [.cpu: 2, .gpu: 5]
        expected.balancedAllocationWeight = 2
        expected.taintTolerationWeight = 0
        #expect(input.scheduler == expected)
    }

    @Test("defaults: seed 1, timed, no horizon, 5 minute step, default scheduler")
    func defaults() throws {
        let yaml = """
            name: d
            cluster: {nodePools: [{name: p, count: 1, cpu: 1, memory: 1Gi}]}
            workloads: [{name: w, requests: {}, duration: 1s, arrivals: {at: [0s]}}]
            """
        let scenario = try loader.load(yaml: yaml, path: "d.yaml")
        #expect(scenario.seed == 1)
        #expect(scenario.description == "")
        #expect(scenario.input.mode == .timed)
        #expect(scenario.input.horizon == nil)
        #expect(scenario.input.sampleStepMilliseconds == 300_000)
        #expect(scenario.input.scheduler == .default)
        #expect(scenario.input.cluster.nodes[0].maxPods == 110)
        #expect(scenario.input.jobs.first?.pod == PodTemplate())
    }

    @Test("content hash is FNV-1a 64 of the bytes, 16 hex digits")
    func contentHash() throws {
        let yaml = """
            name: d
            cluster: {nodePools: [{name: p, count: 1, cpu: 1, memory: 1Gi}]}
            workloads: [{name: w, requests: {}, duration: 1s, arrivals: {at: [0s]}}]
            """
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in yaml.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let scenario = try loader.load(yaml: yaml, path: "d.yaml")
        #expect(scenario.contentHash.count == 16)
        #expect(UInt64(scenario.contentHash, radix: 16) == hash)
        let changed = try loader.load(yaml: yaml + "\n", path: "d.yaml")
        #expect(changed.contentHash != scenario.contentHash)
    }

    @Test("a pod that fits no node is not a loader error")
    func unplaceablePodLoads() throws {
        let yaml = """
            name: big
            cluster: {nodePools: [{name: p, count: 1, cpu: 1, memory: 1Gi}]}
            workloads: [{name: w, requests: {cpu: 64, nvidia.com/gpu: 8}, duration: 1h, arrivals: {at: [0s]}}]
            """
        let scenario = try loader.load(yaml: yaml, path: "big.yaml")
        #expect(scenario.input.jobs.count == 1)
    }
}
