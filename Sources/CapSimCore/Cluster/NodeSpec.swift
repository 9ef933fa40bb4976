/// How a taint repels pods (`NoSchedule`, `PreferNoSchedule`, `NoExecute`).
public enum TaintEffect: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case noSchedule = "NoSchedule"
    case preferNoSchedule = "PreferNoSchedule"
    case noExecute = "NoExecute"
}

/// A node taint, as in `node.spec.taints`.
public struct Taint: Sendable, Equatable, Hashable, Codable {
    /// Taint key, for example `nvidia.com/gpu`.
    public var key: String
    /// Taint value; empty when the taint has none.
    public var value: String
    /// Effect on pods that do not tolerate it.
    public var effect: TaintEffect

    /// Creates a taint.
    public init(key: String, value: String = "", effect: TaintEffect) {
        self.key = key
        self.value = value
        self.effect = effect
    }
}

/// A pod toleration, as in `pod.spec.tolerations`.
///
/// Matching follows `v1.Toleration.ToleratesTaint` (k8s.io/api/core/v1/toleration.go): an empty key with
/// `Exists` tolerates everything; an empty effect matches every effect; `Equal` also compares values.
public struct Toleration: Sendable, Equatable, Hashable, Codable {
    /// `Exists` or `Equal`.
    public enum Operator: String, Sendable, Equatable, Hashable, Codable {
        case exists = "Exists"
        case equal = "Equal"
    }

    /// Key to match; empty means all keys (only with `Exists`).
    public var key: String
    /// Match operator.
    public var `operator`: Operator
    /// Value compared under `Equal`.
    public var value: String
    /// Effect to match; `nil` matches all effects.
    public var effect: TaintEffect?

    /// Creates a toleration.
    public init(key: String, operator: Operator = .equal, value: String = "", effect: TaintEffect? = nil) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
    }

    /// Whether this toleration tolerates a taint.
    ///
    /// - Parameter taint: A node taint.
    /// - Returns: `true` when the taint is tolerated.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, effect != taint.effect { return false }
        if key.isEmpty { return self.operator == .exists }
        guard key == taint.key else { return false }
        switch self.operator {
        case .exists: return true
        case .equal: return value == taint.value
        }
    }
}

/// The static description of one node: allocatable resources, GPU devices, labels and taints.
public struct NodeSpec: Sendable, Equatable {
    /// Node name, unique in the cluster (for example `a100-0003`).
    public var name: String
    /// Index of the node pool it belongs to, in `ClusterSpec.pools`.
    public var poolIndex: Int
    /// Allocatable CPU in millicores.
    public var cpuMillicores: Int64
    /// Allocatable memory in bytes.
    public var memoryBytes: Int64
    /// Allocatable pod slots (`allocatable.pods`, default 110).
    public var maxPods: Int32
    /// Number of GPU devices (0 for a CPU-only node).
    public var gpuCount: Int32
    /// GPU model name (for example `A100`, `V100M32`); empty when the node has no GPUs.
    public var gpuModel: String
    /// Node labels (`metadata.labels`).
    public var labels: [String: String]
    /// Node taints.
    public var taints: [Taint]
    /// `spec.unschedulable` (cordoned).
    public var isUnschedulable: Bool
    /// Whether the node exists at the start; `false` for the spare slots of an autoscaled pool (up to `maxSize`).
    public var isProvisioned: Bool = true

    /// Creates a node description.
    public init(
        name: String, poolIndex: Int = 0, cpuMillicores: Int64, memoryBytes: Int64, maxPods: Int32 = 110,
        gpuCount: Int32 = 0, gpuModel: String = "", labels: [String: String] = [:], taints: [Taint] = [],
        isUnschedulable: Bool = false
    ) {
        self.name = name
        self.poolIndex = poolIndex
        self.cpuMillicores = cpuMillicores
        self.memoryBytes = memoryBytes
        self.maxPods = maxPods
        self.gpuCount = gpuCount
        self.gpuModel = gpuModel
        self.labels = labels
        self.taints = taints
        self.isUnschedulable = isUnschedulable
    }
}

/// A group of identical nodes with a price.
public struct NodePoolSpec: Sendable, Equatable {
    /// Pool name.
    public var name: String
    /// Number of nodes.
    public var count: Int
    /// Price of one node per hour, in USD.
    public var pricePerHourUSD: Double
    /// Cluster Autoscaler bounds; `nil` = not autoscaled (the pool keeps `count` nodes).
    public var minSize: Int?
    /// Cluster Autoscaler upper bound; the cluster holds `maxSize` node slots for the pool.
    public var maxSize: Int?
    /// Time from a scale-up decision until the node is Ready, ms (default 180 s; the CA FAQ quotes 3-4 min for
    /// general VMs; GPU nodes are often slower).
    public var provisioningDelayMilliseconds: Int64 = 180_000
    /// Expander priority of the pool (`priority` expander: higher wins).
    public var expanderPriority: Int = 0

    /// Creates a pool description.
    public init(name: String, count: Int, pricePerHourUSD: Double, minSize: Int? = nil, maxSize: Int? = nil) {
        self.name = name
        self.count = count
        self.pricePerHourUSD = pricePerHourUSD
        self.minSize = minSize
        self.maxSize = maxSize
    }

    /// Whether the Cluster Autoscaler manages the pool.
    public var isAutoscaled: Bool { maxSize != nil }
}

/// The whole cluster: pools and their expanded nodes (in a stable order that is also the tie-break order).
public struct ClusterSpec: Sendable, Equatable {
    /// Node pools.
    public var pools: [NodePoolSpec]
    /// Every node, pools in order, nodes of a pool consecutive.
    public var nodes: [NodeSpec]

    /// Creates a cluster description.
    public init(pools: [NodePoolSpec], nodes: [NodeSpec]) {
        self.pools = pools
        self.nodes = nodes
    }

    /// Total GPU devices in the cluster.
    public var totalGPUs: Int64 { nodes.reduce(0) { $0 + Int64($1.gpuCount) } }
}
