/// What a timed run costs, in USD: infrastructure, control plane, operations labor and disruption, with the
/// infrastructure split OpenCost's way into workload allocations and idle cost.
///
/// - **Infrastructure**: Σ pools node-hours × node-hour price. A node is billed from its provisioning request to
///   its removal, whether it is busy, idle or down; `pools(of:spanHours:)` bills every node of a static pool for
///   the whole span.
/// - **Control plane**: `controlPlanePerHourUSD` × simulated hours (one cluster).
/// - **Labor**: `engineerHourlyRateUSD` × (`platformHoursPerMonth` × months + `hoursPerNodePerMonth` ×
///   node-months + `hoursPerNodeFailure` × node failures + `hoursPerUpgrade` × upgrade rounds), where months =
///   simulated hours ÷ 730 and node-months = node-hours ÷ 730 (nodes × months for static nodes).
/// - **Disruption**: (GPU-hours of work lost since the last checkpoint + GPU-hours of capacity out of service)
///   × the GPU-hour rate. An opportunity cost, not a bill: the nodes are already paid for in infrastructure.
/// - **Allocation** (OpenCost spec v0.1): each workload pays, on every pool, CPU core-hours × USD/core-h +
///   memory GiB-hours × USD/GiB-h + GPU-hours × USD/GPU-h, where the unit prices are the pool's node price split
///   in the ratio of `baseUnitPrices` (spec Appendix A). capsim has no usage apart from requests, so OpenCost's
///   max(request, usage) is the request.
/// - **Idle**: infrastructure − Σ allocations (OpenCost idle cost). It is a part of infrastructure, not an extra.
///
/// Total = infrastructure + control plane + labor + disruption.
public struct CostModel: Sendable, Equatable {
    // MARK: - Inputs

    /// Hourly prices of one CPU core, one GiB of memory and one GPU.
    public struct UnitPrices: Sendable, Equatable, Codable {
        /// USD per vCPU-hour.
        public var cpuCoreHourUSD: Double
        /// USD per GiB-hour (GiB = 2^30 bytes).
        public var memoryGiBHourUSD: Double
        /// USD per GPU-hour.
        public var gpuHourUSD: Double

        /// OpenCost's default custom prices (`configs/default.json`, "GCP us-central1"): 0.031611 USD/vCPU-h,
        /// 0.004237 USD/GiB-h, 0.95 USD/GPU-h.
        public static let openCostDefaults = UnitPrices(
            cpuCoreHourUSD: 0.031611, memoryGiBHourUSD: 0.004237, gpuHourUSD: 0.95)

        /// Creates unit prices.
        public init(cpuCoreHourUSD: Double, memoryGiBHourUSD: Double, gpuHourUSD: Double) {
            self.cpuCoreHourUSD = cpuCoreHourUSD
            self.memoryGiBHourUSD = memoryGiBHourUSD
            self.gpuHourUSD = gpuHourUSD
        }

        /// The cost of some resource-hours at these prices.
        ///
        /// - Parameter hours: Core-hours, GiB-hours and GPU-hours.
        /// - Returns: USD.
        public func cost(of hours: ResourceHours) -> Double {
            hours.cpuCoreHours * cpuCoreHourUSD + hours.memoryGiBHours * memoryGiBHourUSD + hours.gpuHours * gpuHourUSD
        }

        /// These prices scaled by one factor so that a node's resources cost exactly its price (OpenCost spec
        /// Appendix A: the ratio between the prices is held constant, the total is adjusted).
        ///
        /// - Parameters:
        ///   - nodePriceUSD: Price of the node per hour.
        ///   - cpuCores: The node's CPU cores.
        ///   - memoryGiB: The node's memory in GiB.
        ///   - gpus: The node's GPUs.
        /// - Returns: Unit prices summing to `nodePriceUSD` over the node; all 0 when the node costs nothing at
        ///   these prices.
        public func scaled(toNodePriceUSD nodePriceUSD: Double, cpuCores: Double, memoryGiB: Double, gpus: Double)
            -> UnitPrices
        {
            let base = cost(of: ResourceHours(cpuCoreHours: cpuCores, memoryGiBHours: memoryGiB, gpuHours: gpus))
            let factor = base > 0 ? nodePriceUSD / base : 0
            return UnitPrices(
                cpuCoreHourUSD: cpuCoreHourUSD * factor, memoryGiBHourUSD: memoryGiBHourUSD * factor,
                gpuHourUSD: gpuHourUSD * factor)
        }
    }

    /// Resources held over time: core-hours, GiB-hours and GPU-hours.
    public struct ResourceHours: Sendable, Equatable {
        /// CPU core-hours.
        public var cpuCoreHours: Double
        /// Memory GiB-hours.
        public var memoryGiBHours: Double
        /// GPU-hours (a 0.5-GPU share for 2 h is 1 GPU-hour).
        public var gpuHours: Double

        /// Nothing held.
        public static let zero = ResourceHours(cpuCoreHours: 0, memoryGiBHours: 0, gpuHours: 0)

        /// Creates resource-hours.
        public init(cpuCoreHours: Double, memoryGiBHours: Double, gpuHours: Double) {
            self.cpuCoreHours = cpuCoreHours
            self.memoryGiBHours = memoryGiBHours
            self.gpuHours = gpuHours
        }

        /// What OpenCost bills a container for: max(request, usage) of each resource, times its hours.
        ///
        /// - Parameters:
        ///   - requested: Requests (core, GiB, GPU) of the container.
        ///   - used: Measured usage, same units.
        ///   - hours: How long the container ran.
        /// - Returns: Billed resource-hours.
        public static func billed(requested: ResourceHours, used: ResourceHours, hours: Double) -> ResourceHours {
            ResourceHours(
                cpuCoreHours: max(requested.cpuCoreHours, used.cpuCoreHours) * hours,
                memoryGiBHours: max(requested.memoryGiBHours, used.memoryGiBHours) * hours,
                gpuHours: max(requested.gpuHours, used.gpuHours) * hours)
        }

        /// Element-wise sum.
        public static func + (a: ResourceHours, b: ResourceHours) -> ResourceHours {
            ResourceHours(
                cpuCoreHours: a.cpuCoreHours + b.cpuCoreHours, memoryGiBHours: a.memoryGiBHours + b.memoryGiBHours,
                gpuHours: a.gpuHours + b.gpuHours)
        }
    }

    /// A node pool as the cost model sees it.
    public struct Pool: Sendable, Equatable {
        /// Pool name.
        public var name: String
        /// Node-hours billed over the span (node count × simulated hours for a static pool).
        public var nodeHours: Double
        /// USD per node-hour.
        public var pricePerNodeHourUSD: Double
        /// Allocatable resources of one node (the mean node for a pool of unequal nodes), as hours of one hour.
        public var node: ResourceHours

        /// Creates a pool.
        public init(name: String, nodeHours: Double, pricePerNodeHourUSD: Double, node: ResourceHours) {
            self.name = name
            self.nodeHours = nodeHours
            self.pricePerNodeHourUSD = pricePerNodeHourUSD
            self.node = node
        }
    }

    /// The resource-hours one workload (team) held on each pool.
    public struct Workload: Sendable, Equatable {
        /// Workload name.
        public var name: String
        /// Requested resource-hours, indexed like `CostModel.pools`.
        public var hoursByPool: [ResourceHours]

        /// Creates a workload's usage.
        public init(name: String, hoursByPool: [ResourceHours]) {
            self.name = name
            self.hoursByPool = hoursByPool
        }
    }

    /// Node pools.
    public var pools: [Pool]
    /// Simulated span in hours.
    public var spanHours: Double
    /// Node failures during the span.
    public var nodeFailures: Int
    /// Cluster upgrade rounds started during the span.
    public var upgradeRounds: Int
    /// Work lost since the last checkpoint, GPU-hours.
    public var lostWorkGPUHours: Double
    /// GPU capacity of down nodes (failed, draining done, upgrading) over time, GPU-hours.
    public var outOfServiceGPUHours: Double
    /// Workloads in report order.
    public var workloads: [Workload]
    /// Prices and labor figures.
    public var settings: CostSettings

    /// Hours in a month for labor figures given per month: 8,760 h / 12.
    public static let hoursPerMonth = 730.0

    /// Creates a cost model.
    public init(
        pools: [Pool], spanHours: Double, nodeFailures: Int = 0, upgradeRounds: Int = 0, lostWorkGPUHours: Double = 0,
        outOfServiceGPUHours: Double = 0, workloads: [Workload] = [], settings: CostSettings = .init()
    ) {
        self.pools = pools
        self.spanHours = spanHours
        self.nodeFailures = nodeFailures
        self.upgradeRounds = upgradeRounds
        self.lostWorkGPUHours = lostWorkGPUHours
        self.outOfServiceGPUHours = outOfServiceGPUHours
        self.workloads = workloads
        self.settings = settings
    }

    /// The pools of a cluster whose nodes all exist for the whole span, each node's resources the mean of the
    /// pool's nodes.
    ///
    /// - Parameters:
    ///   - cluster: A cluster.
    ///   - spanHours: Simulated hours.
    /// - Returns: One `Pool` per `cluster.pools` entry, in order, with node-hours = node count × `spanHours`.
    public static func pools(of cluster: ClusterSpec, spanHours: Double) -> [Pool] {
        var totals = Array(repeating: ResourceHours.zero, count: cluster.pools.count)
        var counts = Array(repeating: 0, count: cluster.pools.count)
        for node in cluster.nodes where cluster.pools.indices.contains(node.poolIndex) {
            totals[node.poolIndex] =
                totals[node.poolIndex]
                + ResourceHours(
                    cpuCoreHours: Double(node.cpuMillicores) / 1000,
                    memoryGiBHours: Double(node.memoryBytes) / gibibyte,
                    gpuHours: Double(node.gpuCount))
            counts[node.poolIndex] += 1
        }
        return cluster.pools.enumerated().map { i, pool in
            let n = Double(max(1, counts[i]))
            let mean = ResourceHours(
                cpuCoreHours: totals[i].cpuCoreHours / n, memoryGiBHours: totals[i].memoryGiBHours / n,
                gpuHours: totals[i].gpuHours / n)
            return Pool(
                name: pool.name, nodeHours: Double(pool.count) * spanHours, pricePerNodeHourUSD: pool.pricePerHourUSD,
                node: mean)
        }
    }

    /// Bytes in a GiB.
    static let gibibyte = Double(1 << 30)

    // MARK: - Derived prices

    /// A pool's unit prices: `settings.baseUnitPrices` scaled to its node price (OpenCost spec Appendix A).
    ///
    /// - Parameter pool: A pool.
    /// - Returns: USD per core-hour, GiB-hour and GPU-hour on that pool.
    public func unitPrices(of pool: Pool) -> UnitPrices {
        settings.baseUnitPrices.scaled(
            toNodePriceUSD: pool.pricePerNodeHourUSD, cpuCores: pool.node.cpuCoreHours,
            memoryGiB: pool.node.memoryGiBHours, gpus: pool.node.gpuHours)
    }

    /// The GPU-hour rate for disruption: `settings.gpuHourRateUSD`, else Σ node-hours × price ÷ Σ node-hours ×
    /// GPUs per node over the pools with GPUs (0 when there are none). For static pools this is Σ price ÷ Σ GPUs
    /// weighted by node count.
    public var gpuHourRateUSD: Double {
        if let rate = settings.gpuHourRateUSD { return rate }
        var price = 0.0
        var gpus = 0.0
        for pool in pools where pool.node.gpuHours > 0 {
            price += pool.nodeHours * pool.pricePerNodeHourUSD
            gpus += pool.nodeHours * pool.node.gpuHours
        }
        return gpus > 0 ? price / gpus : 0
    }

    // MARK: - Evaluation

    /// The run's costs.
    ///
    /// - Returns: Every cost component and the allocation of each workload.
    /// - Complexity: O(*w* × *p*) for *w* workloads and *p* pools.
    public func evaluate() -> Breakdown {
        let prices = pools.map(unitPrices(of:))
        var infrastructure = 0.0
        var nodeHours = 0.0
        for pool in pools {
            infrastructure += pool.nodeHours * pool.pricePerNodeHourUSD
            nodeHours += pool.nodeHours
        }
        var allocations: [Breakdown.Allocation] = []
        for workload in workloads {
            var cost = 0.0
            var held = ResourceHours.zero
            for (i, hours) in workload.hoursByPool.enumerated() where prices.indices.contains(i) {
                cost += prices[i].cost(of: hours)
                held = held + hours
            }
            allocations.append(.init(name: workload.name, costUSD: cost, hours: held))
        }
        let laborHours =
            settings.platformHoursPerMonth * spanHours / Self.hoursPerMonth
            + settings.hoursPerNodePerMonth * nodeHours / Self.hoursPerMonth
            + settings.hoursPerNodeFailure * Double(nodeFailures) + settings.hoursPerUpgrade * Double(upgradeRounds)
        let allocated = allocations.reduce(0) { $0 + $1.costUSD }
        return Breakdown(
            infrastructureUSD: infrastructure, controlPlaneUSD: settings.controlPlanePerHourUSD * spanHours,
            laborHours: laborHours, laborUSD: laborHours * settings.engineerHourlyRateUSD,
            disruptionUSD: (lostWorkGPUHours + outOfServiceGPUHours) * gpuHourRateUSD,
            idleUSD: max(0, infrastructure - allocated), allocations: allocations)
    }
}

// MARK: - Results

extension CostModel {
    /// The costs of a run, from `CostModel.evaluate()`, in USD.
    public struct Breakdown: Sendable, Equatable {
        /// What one workload was allocated.
        public struct Allocation: Sendable, Equatable {
            /// Workload name.
            public var name: String
            /// Allocated cost, USD.
            public var costUSD: Double
            /// Requested resource-hours over all pools.
            public var hours: CostModel.ResourceHours
        }

        /// Node-hours × node prices (idle included).
        public var infrastructureUSD: Double
        /// Managed control-plane fee, USD.
        public var controlPlaneUSD: Double
        /// Engineer-hours of operations labor.
        public var laborHours: Double
        /// Operations labor.
        public var laborUSD: Double
        /// Lost work and out-of-service GPU capacity at the GPU-hour rate.
        public var disruptionUSD: Double
        /// Infrastructure not allocated to any workload (OpenCost idle; a part of `infrastructureUSD`).
        public var idleUSD: Double
        /// Per-workload allocations, in workload order; they sum to `infrastructureUSD − idleUSD`.
        public var allocations: [Allocation]

        /// Infrastructure + control plane + labor + disruption.
        public var totalUSD: Double { infrastructureUSD + controlPlaneUSD + laborUSD + disruptionUSD }

        /// Σ allocations (OpenCost workload cost).
        public var workloadUSD: Double { allocations.reduce(0) { $0 + $1.costUSD } }

        /// GPU-hours requested by all workloads.
        public var allocatedGPUHours: Double { allocations.reduce(0) { $0 + $1.hours.gpuHours } }

        /// Total cost per allocated GPU-hour, or `nil` when no GPU was allocated.
        public var totalPerAllocatedGPUHourUSD: Double? {
            allocatedGPUHours > 0 ? totalUSD / allocatedGPUHours : nil
        }

        /// Summary metrics: `cost_infrastructure`, `cost_control_plane`, `cost_labor`, `cost_labor_hours`,
        /// `cost_disruption`, `cost_idle`, `cost_total`, `cost_per_gpu_hour_allocated` (only when a GPU was allocated)
        /// and `cost_workload_<name>` per workload.
        public var summaryMetrics: [SummaryMetric] {
            var out = [
                SummaryMetric(name: "cost_infrastructure", value: infrastructureUSD, unit: "USD"),
                SummaryMetric(name: "cost_control_plane", value: controlPlaneUSD, unit: "USD"),
                SummaryMetric(name: "cost_labor", value: laborUSD, unit: "USD"),
                SummaryMetric(name: "cost_labor_hours", value: laborHours, unit: "engineer-h"),
                SummaryMetric(name: "cost_disruption", value: disruptionUSD, unit: "USD"),
                SummaryMetric(name: "cost_idle", value: idleUSD, unit: "USD"),
                SummaryMetric(name: "cost_total", value: totalUSD, unit: "USD"),
            ]
            if let perGPUHour = totalPerAllocatedGPUHourUSD {
                out.append(SummaryMetric(name: "cost_per_gpu_hour_allocated", value: perGPUHour, unit: "USD/GPU-h"))
            }
            for allocation in allocations {
                out.append(
                    SummaryMetric(name: "cost_workload_\(allocation.name)", value: allocation.costUSD, unit: "USD"))
            }
            return out
        }
    }
}
