/// The Filter plugins that read only what a node was created with (NodeAffinity: nodeSelector and required node
/// affinity against node labels; TaintToleration: taints against tolerations), evaluated once per distinct pod shape
/// as a bit set over the nodes, so the per-pod Filter loop tests one bit instead of comparing label strings.
///
/// Node labels and taints never change during a run (`ClusterState.labels`, `.taints`), so a shape's bit set holds
/// for the whole run. A pod's shape is its nodeSelector, required and preferred affinity, and tolerations; pods of
/// one workload share it, so a run has a handful of shapes however many pods it has. The outcome of a node's Filter
/// is exactly what `StaticNodeFilters.filterIgnoringStatus` says (a test checks every node of every shape).
struct StaticFilterCache: Sendable {
    /// What the static filters read of a pod.
    private struct Shape: Hashable {
        var nodeSelector: [String]
        var tolerations: [Toleration]
        var affinity: NodeAffinity

        init(_ pod: CompiledPod) {
            nodeSelector = pod.nodeSelector.flatMap { [$0.0, $0.1] }
            tolerations = pod.tolerations
            affinity = pod.affinity
        }
    }

    /// Shape ids, by shape.
    private var ids: [Shape: Int32] = [:]
    /// The last pod classified and its id (consecutive pods usually share one shape): compared field by field,
    /// which costs no allocation, unlike building a `Shape`.
    private var last: (pod: CompiledPod, id: Int32)?
    /// Per shape id, one bit per node: set when NodeAffinity and TaintToleration admit the node.
    private(set) var masks: [[UInt64]] = []
    /// Per shape id: whether every node is admitted (the bit test can be skipped).
    private(set) var admitsAll: [Bool] = []

    /// The shape id of a pod, computing its node bit set the first time the shape is seen.
    ///
    /// - Parameters:
    ///   - pod: The pod (its `staticShape` is ignored).
    ///   - state: The cluster (only labels and taints are read).
    /// - Returns: An index into `masks`.
    /// - Complexity: O(*s*) for a known shape of *s* selector terms and tolerations; O(*n* · *s*) for a new one.
    mutating func classify(_ pod: CompiledPod, state: borrowing ClusterState) -> Int32 {
        if let last, Self.sameShape(last.pod, pod) { return last.id }
        let shape = Shape(pod)
        let id: Int32
        if let known = ids[shape] {
            id = known
        } else {
            id = Int32(masks.count)
            ids[shape] = id
            var mask = [UInt64](repeating: 0, count: (state.nodeCount + 63) / 64)
            var all = true
            for n in 0..<state.nodeCount {
                if StaticNodeFilters.filterIgnoringStatus(pod, node: n, state: state) == nil {
                    mask[n >> 6] |= 1 << UInt64(n & 63)
                } else {
                    all = false
                }
            }
            masks.append(mask)
            admitsAll.append(all)
        }
        last = (pod, id)
        return id
    }

    /// Whether two pods have the same nodeSelector, tolerations and affinity.
    private static func sameShape(_ a: CompiledPod, _ b: CompiledPod) -> Bool {
        guard a.nodeSelector.count == b.nodeSelector.count, a.tolerations == b.tolerations, a.affinity == b.affinity
        else { return false }
        for (x, y) in zip(a.nodeSelector, b.nodeSelector) where x.0 != y.0 || x.1 != y.1 { return false }
        return true
    }

    /// Whether shape `id` passes NodeAffinity and TaintToleration on node `n`.
    @inline(__always)
    func admits(_ id: Int32, node n: Int) -> Bool {
        masks[Int(id)][n >> 6] & (1 << UInt64(n & 63)) != 0
    }
}
