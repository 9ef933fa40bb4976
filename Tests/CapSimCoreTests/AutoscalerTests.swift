import Testing

@testable import CapSimCore

/// Cluster Autoscaler: worked examples 21-22 of k8s-semantics.md and cases C19, C22 of cases.md.
@Suite struct AutoscalerTests {
    @Test("example 21: least-waste prefers one 8 vCPU / 16 GiB node (0.5) over two 4 vCPU / 16 GiB nodes (0.875)")
    func leastWaste() {
        let a = ClusterAutoscalerSettings.leastWasteScore(
            requestedCPU: 6000, requestedMemory: 12 * GiB, nodeCPU: 4000, nodeMemory: 16 * GiB, nodes: 2)
        let b = ClusterAutoscalerSettings.leastWasteScore(
            requestedCPU: 6000, requestedMemory: 12 * GiB, nodeCPU: 8000, nodeMemory: 16 * GiB, nodes: 1)
        #expect(a == 0.875)
        #expect(b == 0.5)
    }

    @Test("example 22: utilization max(3.5/8, 13/32) = 0.4375; a GPU node with 1 of 8 GPUs is 0.125")
    func utilization() {
        let cpuNode = ClusterAutoscalerSettings.utilization(
            cpu: 3500, allocatableCPU: 8000, memory: 13 * GiB, allocatableMemory: 32 * GiB, gpuMilli: 0,
            gpuCapacityMilli: 0)
        #expect(cpuNode == 0.4375)
        let ignoringDaemonSets = ClusterAutoscalerSettings.utilization(
            cpu: 3000, allocatableCPU: 7500, memory: 12 * GiB, allocatableMemory: 31 * GiB, gpuMilli: 0,
            gpuCapacityMilli: 0)
        #expect(abs(ignoringDaemonSets - 0.40) < 1e-12)
        let gpuNode = ClusterAutoscalerSettings.utilization(
            cpu: 60000, allocatableCPU: 64000, memory: 500 * GiB, allocatableMemory: 512 * GiB, gpuMilli: 1000,
            gpuCapacityMilli: 8000)
        #expect(gpuNode == 0.125)
    }

    private func pools(gpuTaint: Bool) -> ClusterSpec {
        var gpuTemplate = NodeSpec(
            name: "gpu-0000", poolIndex: 1, cpuMillicores: 8000, memoryBytes: 61 * GiB, gpuCount: 1, gpuModel: "T4")
        if gpuTaint { gpuTemplate.taints = [Taint(key: "nvidia.com/gpu", effect: .noSchedule)] }
        var nodes = [NodeSpec(name: "cpu-0000", poolIndex: 0, cpuMillicores: 16000, memoryBytes: 64 * GiB)]
        for i in 1..<10 {
            var spare = NodeSpec(name: "cpu-000\(i)", poolIndex: 0, cpuMillicores: 16000, memoryBytes: 64 * GiB)
            spare.isProvisioned = false
            nodes.append(spare)
        }
        for i in 0..<4 {
            var slot = gpuTemplate
            slot.name = "gpu-000\(i)"
            slot.isProvisioned = false
            nodes.append(slot)
        }
        var cpuPool = NodePoolSpec(name: "cpu", count: 1, pricePerHourUSD: 1, minSize: 1, maxSize: 10)
        cpuPool.provisioningDelayMilliseconds = 180_000
        var gpuPool = NodePoolSpec(name: "gpu", count: 0, pricePerHourUSD: 3, minSize: 0, maxSize: 4)
        gpuPool.provisioningDelayMilliseconds = 180_000
        return ClusterSpec(pools: [cpuPool, gpuPool], nodes: nodes)
    }

    @Test("C19: a GPU pool at size 0 scales to 1 at the first loop (t=10 s); the pod binds at 190 s")
    func scaleFromZero() throws {
        let g = job("g", at: 0, cpu: 4000, gpus: 1, runFor: 600)
        let result = Simulation.run(
            SimulationInput(cluster: pools(gpuTaint: false), jobs: [g], checksInvariants: true))
        let record = try #require(result.job("g"))
        #expect(record.startMilliseconds == 190_000)
        #expect(record.node == "gpu-0000")
        #expect(result.metric("autoscaler_nodes_added") == 1)
        #expect(result.metric("autoscaler_scale_ups") == 1)
    }

    @Test("C22 (i): a GPU pod without the toleration never triggers a scale-up of the tainted GPU pool")
    func noTolerationNoScaleUp() throws {
        let g = job("g", at: 0, gpus: 1, runFor: 600)
        let result = Simulation.run(
            SimulationInput(
                cluster: pools(gpuTaint: true), jobs: [g], horizon: SimTime(milliseconds: 3_600_000),
                checksInvariants: true))
        #expect(result.job("g")?.state == .unplaceable)
        #expect(result.metric("autoscaler_nodes_added") == 0)
    }

    @Test("C22 (ii): with ExtendedResourceToleration the pod tolerates the taint and the pool scales up")
    func extendedResourceToleration() throws {
        var input = SimulationInput(
            cluster: pools(gpuTaint: true), jobs: [job("g", at: 0, gpus: 1, runFor: 600)], checksInvariants: true)
        input.extendedResourceToleration = true
        let result = Simulation.run(input)
        #expect(result.job("g")?.startMilliseconds == 190_000)
        #expect(result.metric("autoscaler_nodes_added") == 1)
    }

    @Test("scale-down: the GPU node is removed after 10 min unneeded, not within 10 min of the scale-up")
    func scaleDown() throws {
        var input = SimulationInput(
            cluster: pools(gpuTaint: false), jobs: [job("g", at: 0, gpus: 1, runFor: 60)],
            horizon: SimTime(milliseconds: 7_200_000), checksInvariants: true)
        input.sampleStepMilliseconds = 60_000
        let result = Simulation.run(input)
        #expect(result.job("g")?.endMilliseconds == 250_000)
        #expect(result.metric("autoscaler_nodes_removed") == 1)
        // Scale-up at 10 s; empty from 250 s; unneeded from the 250 s loop; removed at 850 s (10 min later).
        // Node-hours: cpu-0000 2 h + gpu node from 10 s to 850 s (840 s).
        let nodeHours = try #require(result.metric("node_hours"))
        #expect(abs(nodeHours - (2 + 840.0 / 3600)) < 1e-9)
    }

    @Test("scale-up packs several pending pods onto as few template nodes as they need")
    func binPackingEstimate() throws {
        let jobs = (0..<3).map { job("g\($0)", at: 0, cpu: 1000, gpus: 1, runFor: 600) }
        var cluster = pools(gpuTaint: false)
        // Make the GPU template hold 2 GPUs so 3 one-GPU pods need 2 nodes.
        for n in cluster.nodes.indices where cluster.nodes[n].poolIndex == 1 { cluster.nodes[n].gpuCount = 2 }
        let result = Simulation.run(SimulationInput(cluster: cluster, jobs: jobs, checksInvariants: true))
        #expect(result.metric("autoscaler_nodes_added") == 2)
        #expect(result.jobs.allSatisfy { $0.startMilliseconds == 190_000 })
    }
}

/// Scale-down of nodes that still run pods.
@Suite struct ScaleDownTests {
    private func cluster3(maxSize: Int = 3) -> ClusterSpec {
        var pool = NodePoolSpec(name: "cpu", count: 3, pricePerHourUSD: 1, minSize: 1, maxSize: maxSize)
        pool.provisioningDelayMilliseconds = 60_000
        let nodes = (0..<3).map {
            NodeSpec(name: "cpu-\($0)", cpuMillicores: 8000, memoryBytes: 32 * GiB)
        }
        return ClusterSpec(pools: [pool], nodes: nodes)
    }

    @Test("an under-utilized node whose pods fit elsewhere is drained and removed; its pod moves and finishes")
    func drainsBusyNode() throws {
        // Three 1-CPU pods, one per node (LeastAllocated spreads them): each node is 12.5 % used.
        let jobs = (0..<3).map { job("p\($0)", at: 0, cpu: 1000, runFor: 7200) }
        let result = Simulation.run(SimulationInput(cluster: cluster3(), jobs: jobs, checksInvariants: true))
        // All three nodes are unneeded from the 10 s loop. After 10 min cpu-0 is drained (one busy node at a time):
        // p0 moves to cpu-1. cpu-1 (now 25 % used) is still unneeded, so it is drained next: p0 and p1 move to
        // cpu-2. The pool stops at minSize 1: 2 nodes removed, 3 evictions, p0 moved twice.
        #expect(result.metric("autoscaler_nodes_removed") == 2)
        #expect(result.metric("autoscaler_evictions") == 3)
        #expect(result.jobs.allSatisfy { $0.state == .succeeded && $0.node != nil })
        #expect(result.jobs.map(\.interruptions) == [2, 1, 0])
    }

    @Test("safe-to-evict: false keeps the node")
    func safeToEvict() throws {
        var jobs = (0..<3).map { job("p\($0)", at: 0, cpu: 1000, runFor: 7200) }
        for i in jobs.indices { jobs[i].pod.isSafeToEvict = false }
        let result = Simulation.run(SimulationInput(cluster: cluster3(), jobs: jobs, checksInvariants: true))
        #expect(result.metric("autoscaler_evictions") == 0)
        #expect(result.jobs.allSatisfy { $0.interruptions == 0 })
    }

    @Test("a PodDisruptionBudget that allows no disruption keeps the node")
    func budgetBlocks() throws {
        let jobs = (0..<3).map { job("p\($0)", at: 0, cpu: 1000, runFor: 7200) }
        let result = Simulation.run(
            SimulationInput(
                cluster: cluster3(), jobs: jobs, checksInvariants: true,
                disruptionBudgets: [PodDisruptionBudget(name: "all", workload: "w", minAvailable: 3)]))
        #expect(result.metric("autoscaler_evictions") == 0)
    }
}
