import Foundation

/// Fragmentation gradient descent (upstream `pkg/simulator/plugin/fgd_score.go`, device choice
/// `allocateGpuIdBasedOnFGDScore`; fragmentation from `pkg/utils/frag.go`, see `FragmentationModel`).
///
/// Let F(node) be the node's expected fragmented GPU-milli over the workload's typical pods. For a candidate
/// placement, score = ⌊100 × sigmoid((F(before) − F(after)) / 1000)⌋, so the placement that grows fragmentation
/// least (or shrinks it most) wins; no change scores 50.
/// - A GPU-sharing pod is tried on every device with enough free GPU-milli (in device order); the node scores the
///   best of these, and at bind the pod takes the first device reaching that best score.
/// - Other pods take CPU and, for k whole GPUs, the k lowest-indexed idle devices (upstream `NodeResource.Sub`
///   picks the smallest sufficient devices, which for whole GPUs are the idle ones in index order).
///
/// Scores depend only on a node's free CPU and device state and on the pod's shape, so they are memoised per
/// (node, shape) and recomputed only for nodes that changed since (detected by `FragmentationCache.Signature`).
struct FGDPolicy: GPUScorePlugin {
    /// `FGDScore`.
    static let name = "FGDScore"

    private struct Shape: Hashable {
        var cpu: Int64
        var gpuMilli: Int32
        var gpuCount: Int32
        var modelMask: UInt64

        init(_ pod: CompiledPod) {
            cpu = pod.nonZeroCPU
            gpuMilli = pod.gpuCount == 0 ? 0 : pod.gpuMilli
            gpuCount = pod.gpuCount
            modelMask = pod.modelMask
        }
    }

    /// The typical pods the fragmentation is measured against.
    let model: FragmentationModel
    private let nodeCount: Int
    private var shapeIDs: [Shape: Int] = [:]
    private var signatures: [FragmentationCache.Signature]
    private var versions: [UInt32]
    private var fragment: [Double]
    private var cachedVersion: [UInt32] = []
    private var cachedScore: [Int8] = []
    private var cachedDevice: [Int8] = []

    /// Creates the policy.
    ///
    /// - Parameters:
    ///   - model: Typical pods of the workload.
    ///   - nodeCount: Nodes in the cluster.
    init(model: FragmentationModel, nodeCount: Int) {
        self.model = model
        self.nodeCount = nodeCount
        signatures = Array(repeating: .none, count: nodeCount)
        versions = Array(repeating: 0, count: nodeCount)
        fragment = Array(repeating: 0, count: nodeCount)
    }

    /// ⌊100 × sigmoid(Δ / 1000)⌋ for a fragmentation decrease Δ in GPU-milli.
    @inline(__always)
    static func score(fragmentDecrease delta: Double) -> Int64 {
        Int64(1.0 / (1.0 + exp(-(delta / 1000))) * 100)
    }

    /// Score of a pod on a node and, for a GPU-sharing pod, the device reaching it (-1 otherwise).
    ///
    /// - Parameters:
    ///   - pod: The pod.
    ///   - node: Node index.
    ///   - before: F of the node as it is.
    ///   - state: Cluster state.
    /// - Returns: Score in 0...100 and device index.
    func evaluate(_ pod: CompiledPod, node: Int, before: Double, state: borrowing ClusterState) -> (Int64, Int) {
        let n = node
        let start = Int(state.gpuStart[n])
        let count = Int(state.gpuCount[n])
        let cpuLeft = state.cpuLeft(node: n) - pod.nonZeroCPU
        let modelID = state.gpuModelID[n]
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(count, 1)) { buffer in
            for d in 0..<count { buffer[d] = state.gpuFree[start + d] }
            let free = UnsafeBufferPointer(rebasing: buffer[0..<count])
            if pod.isSharedGPU {
                var best = -1
                var bestScore: Int64 = 0
                for d in 0..<count where buffer[d] >= pod.gpuMilli {
                    // A device with the same free GPU-milli as an earlier candidate gives the same node state.
                    var seen = false
                    for e in 0..<d where buffer[e] == buffer[d] { seen = true }
                    if seen { continue }
                    buffer[d] -= pod.gpuMilli
                    let after = model.fragmentedMilli(cpuLeft: cpuLeft, free: free, modelID: modelID)
                    buffer[d] += pod.gpuMilli
                    let s = FGDPolicy.score(fragmentDecrease: before - after)
                    if best < 0 || s > bestScore {
                        best = d
                        bestScore = s
                    }
                }
                return (best < 0 ? 0 : bestScore, best)
            }
            var needed = Int(pod.gpuCount)
            var taken: UInt64 = 0
            while needed > 0 && pod.gpuMilli > 0 {
                var pick = -1
                var pickFree = Int32.max
                for d in 0..<count where taken & (1 << UInt64(d)) == 0 {
                    if buffer[d] >= pod.gpuMilli && buffer[d] < pickFree {
                        pick = d
                        pickFree = buffer[d]
                    }
                }
                if pick < 0 { break }
                taken |= 1 << UInt64(pick)
                buffer[pick] -= pod.gpuMilli
                needed -= 1
            }
            let after = model.fragmentedMilli(cpuLeft: cpuLeft, free: free, modelID: modelID)
            return (FGDPolicy.score(fragmentDecrease: before - after), -1)
        }
    }

    private mutating func shapeID(_ pod: CompiledPod) -> Int {
        let shape = Shape(pod)
        if let id = shapeIDs[shape] { return id }
        let id = shapeIDs.count
        shapeIDs[shape] = id
        cachedVersion.append(contentsOf: repeatElement(0, count: nodeCount))
        cachedScore.append(contentsOf: repeatElement(0, count: nodeCount))
        cachedDevice.append(contentsOf: repeatElement(-1, count: nodeCount))
        return id
    }

    mutating func score(
        _ pod: CompiledPod, feasible: [Int32], state: borrowing ClusterState, into scores: inout [Int64]
    ) {
        if pod.requestsNothing {
            scores.append(contentsOf: repeatElement(100, count: feasible.count))
            return
        }
        let base = shapeID(pod) * nodeCount
        for n32 in feasible {
            let n = Int(n32)
            let signature = FragmentationCache.Signature(node: n, state: state)
            if signature != signatures[n] {
                signatures[n] = signature
                versions[n] &+= 1
                fragment[n] = model.fragmentedMilli(node: n, state: state)
            }
            let slot = base + n
            if cachedVersion[slot] != versions[n] {
                let (s, device) = evaluate(pod, node: n, before: fragment[n], state: state)
                cachedVersion[slot] = versions[n]
                cachedScore[slot] = Int8(s)
                cachedDevice[slot] = Int8(device)
            }
            scores.append(Int64(cachedScore[slot]))
        }
    }

    func selectDevices(_ pod: CompiledPod, node: Int, state: borrowing ClusterState) -> UInt64? {
        guard pod.isSharedGPU else { return nil }
        if let id = shapeIDs[Shape(pod)], signatures[node] == FragmentationCache.Signature(node: node, state: state),
            cachedVersion[id * nodeCount + node] == versions[node]
        {
            let device = cachedDevice[id * nodeCount + node]
            return device >= 0 ? 1 << UInt64(device) : nil
        }
        let before = model.fragmentedMilli(node: node, state: state)
        let (_, device) = evaluate(pod, node: node, before: before, state: state)
        return device >= 0 ? 1 << UInt64(device) : nil
    }
}
