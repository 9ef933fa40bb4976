/// Per-node memo of `FragmentationModel.fragmentedMilli`, recomputed only for nodes whose free CPU or devices
/// changed since the last call (detected by comparing a `Signature`), so that cluster-wide fragmentation after
/// every placement costs O(nodes) comparisons plus one node evaluation.
struct FragmentationCache: Sendable {
    /// The exact fragmentation-relevant state of a node: free CPU and per-device free GPU-milli.
    ///
    /// Devices 0...11 are packed 10 bits each (free GPU-milli is at most 1000 < 1024) into two words, so equal
    /// signatures mean equal states. Devices beyond the twelfth (nodes with more than 12 GPUs) are folded into
    /// `high` with a multiplicative hash, which makes a false match possible but vanishingly unlikely.
    struct Signature: Sendable, Equatable {
        var cpuLeft: Int64
        var low: UInt64
        var high: UInt64

        /// A signature no real node has (negative free CPU with every device over-full), for "never computed".
        static let none = Signature(cpuLeft: .min, low: .max, high: .max)

        init(cpuLeft: Int64, low: UInt64, high: UInt64) {
            self.cpuLeft = cpuLeft
            self.low = low
            self.high = high
        }

        /// The signature of a node in its current state.
        ///
        /// - Parameters:
        ///   - node: Node index.
        ///   - state: Cluster state.
        @inline(__always)
        init(node: Int, state: borrowing ClusterState) {
            cpuLeft = state.allocatableCPU[node] - state.requestedCPU[node]
            let start = Int(state.gpuStart[node])
            let count = Int(state.gpuCount[node])
            var low: UInt64 = 0
            var high: UInt64 = 0
            for d in 0..<count {
                let v = UInt64(UInt32(bitPattern: state.gpuFree[start + d]) & 0x3FF)
                if d < 6 {
                    low |= v << UInt64(10 * d)
                } else if d < 12 {
                    high |= v << UInt64(10 * (d - 6))
                } else {
                    high = (high ^ (v &+ UInt64(d))) &* 0x0000_0100_0000_01B3
                }
            }
            self.low = low
            self.high = high
        }
    }

    private var signatures: [Signature]
    private var values: [Double]

    /// Creates an empty cache.
    ///
    /// - Parameter nodeCount: Nodes in the cluster.
    init(nodeCount: Int) {
        signatures = Array(repeating: .none, count: nodeCount)
        values = Array(repeating: 0, count: nodeCount)
    }

    /// Fragmented GPU-milli of one node, from the memo when the node did not change.
    ///
    /// - Parameters:
    ///   - node: Node index.
    ///   - state: Cluster state.
    ///   - model: Typical pods (must be the same on every call).
    /// - Returns: Fragmented GPU-milli.
    mutating func fragmentedMilli(node: Int, state: borrowing ClusterState, model: FragmentationModel) -> Double {
        let signature = Signature(node: node, state: state)
        if signature != signatures[node] {
            signatures[node] = signature
            values[node] = model.fragmentedMilli(node: node, state: state)
        }
        return values[node]
    }

    /// Fragmented GPU-milli of the whole cluster (sum over nodes in node order).
    ///
    /// - Parameters:
    ///   - state: Cluster state.
    ///   - model: Typical pods (must be the same on every call).
    /// - Returns: Fragmented GPU-milli.
    mutating func clusterFragmentedMilli(state: borrowing ClusterState, model: FragmentationModel) -> Double {
        var sum = 0.0
        for n in 0..<state.nodeCount { sum += fragmentedMilli(node: n, state: state, model: model) }
        return sum
    }
}
