import CapSimCore

/// The "without Kubernetes" baseline of a scenario: each team owns fixed machines, with no shared scheduler.
struct StaticPartitionPlan: Sendable {
    struct Partition: Sendable {
        var name: String
        var workloads: [String]
        /// Nodes per pool index of the Kubernetes cluster.
        var nodes: [(pool: Int, count: Int)]
    }

    var partitions: [Partition]
    var maintenance: MaintenancePolicy?
    var cost: CostSettings?

    /// The partitioned variant of a run: every partition gets its own copies of the pools' template nodes, labelled
    /// `capsim.io/partition: <name>`, and every job of its workloads a matching nodeSelector, so a team's jobs run
    /// only on its machines. Pools are fixed (no autoscaling), one-off drains of Kubernetes nodes do not apply,
    /// node failures keep their per-pool model, and maintenance and cost come from the baseline's own figures (no
    /// control plane).
    func apply(to input: SimulationInput) -> SimulationInput {
        var result = input
        var pools: [NodePoolSpec] = []
        var nodes: [NodeSpec] = []
        var poolOrigin: [Int] = []
        for partition in partitions {
            for (poolIndex, count) in partition.nodes {
                let original = input.cluster.pools[poolIndex]
                guard let template = input.cluster.nodes.first(where: { $0.poolIndex == poolIndex }) else { continue }
                var pool = NodePoolSpec(
                    name: "\(original.name)/\(partition.name)", count: count, pricePerHourUSD: original.pricePerHourUSD)
                pool.provisioningDelayMilliseconds = original.provisioningDelayMilliseconds
                pools.append(pool)
                poolOrigin.append(poolIndex)
                for n in 0..<count {
                    var node = template
                    node.name = "\(original.name)-\(partition.name)-\(n)"
                    node.poolIndex = pools.count - 1
                    node.isProvisioned = true
                    node.labels[Self.partitionLabel] = partition.name
                    nodes.append(node)
                }
            }
        }
        result.cluster = ClusterSpec(pools: pools, nodes: nodes)
        var owner: [String: String] = [:]
        for partition in partitions { for workload in partition.workloads { owner[workload] = partition.name } }
        result.jobs = input.jobs.map { job in
            var job = job
            if let partition = owner[job.workload] { job.pod.nodeSelector[Self.partitionLabel] = partition }
            return job
        }
        result.failures = input.failures.flatMap { model in
            poolOrigin.enumerated().filter { $0.element == model.poolIndex }.map { index, _ in
                NodeFailureModel(
                    poolIndex: index, timeBetweenFailures: model.timeBetweenFailures, repairTime: model.repairTime,
                    gpuTimeBetweenFailures: model.gpuTimeBetweenFailures, gpuRepairTime: model.gpuRepairTime)
            }
        }
        result.maintenance = maintenance
        result.drains = []
        var cost = self.cost ?? input.cost ?? CostSettings()
        if self.cost == nil { cost.controlPlanePerHourUSD = 0 }
        result.cost = cost
        return result
    }

    static let partitionLabel = "capsim.io/partition"
}

extension ScenarioParser {
    /// Reads `staticPartition:`: `partitions` (name, workloads, nodes per pool), optional `maintenance` and `cost`.
    /// Every generated workload must belong to exactly one partition.
    func parseStaticPartition(_ node: SchemaNode, cluster: ClusterSpec, workloads: [String]) throws(ScenarioError)
        -> StaticPartitionPlan
    {
        let mapping = try node.mapping(allowedKeys: ["partitions", "maintenance", "cost"])
        var plan = StaticPartitionPlan(partitions: [], maintenance: nil, cost: nil)
        let partitionsNode = try mapping.required("partitions", "a list of {name, workloads, nodes}")
        var owner: [String: String] = [:]
        for item in try partitionsNode.sequence() {
            let entry = try item.mapping(allowedKeys: ["name", "workloads", "nodes"])
            let name = try entry.required("name", "a team name").string()
            var partition = StaticPartitionPlan.Partition(name: name, workloads: [], nodes: [])
            for workloadNode in try entry.required("workloads", "the team's workload names").sequence() {
                let workload = try workloadNode.string()
                guard workloads.contains(workload) else {
                    throw workloadNode.error("names no workload; workloads: \(workloads.joined(separator: ", "))")
                }
                if let other = owner[workload] {
                    throw workloadNode.error("already belongs to partition \(other); each workload belongs to one")
                }
                owner[workload] = name
                partition.workloads.append(workload)
            }
            let nodesNode = try entry.required("nodes", "node count per pool, e.g. {a100: 2}")
            let counts = try nodesNode.mapping(allowedKeys: cluster.pools.map(\.name))
            for count in counts.entries {
                guard let pool = cluster.pools.firstIndex(where: { $0.name == count.key }) else { continue }
                partition.nodes.append((pool, Int(try count.value.integer(in: 0...100_000))))
            }
            if partition.nodes.allSatisfy({ $0.count == 0 }) && !partition.workloads.isEmpty {
                throw nodesNode.error(
                    "gives partition \(name) no nodes, so its workloads could never run; give it at least one node")
            }
            plan.partitions.append(partition)
        }
        if let missing = workloads.first(where: { owner[$0] == nil }) {
            throw partitionsNode.error(
                "workload \(missing) belongs to no partition; list it under one team's workloads")
        }
        if let maintenanceNode = mapping.optional("maintenance") {
            plan.maintenance = try parseMaintenance(maintenanceNode)
        }
        plan.cost = try parseCost(mapping.optional("cost"))
        return plan
    }
}
