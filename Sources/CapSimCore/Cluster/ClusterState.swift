/// The mutable state of the cluster during a run: per-node allocatable and requested resources and per-device
/// free GPU-milli, in flat arrays indexed by node (struct-of-arrays, no per-event allocation).
///
/// Node indices are positions in `ClusterSpec.nodes`. Device `d` of node `n` is `gpuFree[gpuStart[n] + d]`.
public struct ClusterState: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// Allocatable CPU per node, millicores.
    public private(set) var allocatableCPU: [Int64]
    /// Allocatable memory per node, bytes.
    public private(set) var allocatableMemory: [Int64]
    /// Allocatable pod slots per node.
    public private(set) var allocatablePods: [Int32]
    /// Sum of actual CPU requests of pods on the node, millicores.
    public private(set) var requestedCPU: [Int64]
    /// Sum of actual memory requests of pods on the node, bytes.
    public private(set) var requestedMemory: [Int64]
    /// Sum of CPU requests with the scoring default (100 m) for pods without one ("NonZeroRequested"), millicores.
    public private(set) var nonZeroRequestedCPU: [Int64]
    /// Sum of memory requests with the scoring default (200 MiB) for pods without one, bytes.
    public private(set) var nonZeroRequestedMemory: [Int64]
    /// Pods bound to the node.
    public private(set) var podCount: [Int32]
    /// Index of the node's first device in `gpuFree`.
    public private(set) var gpuStart: [Int32]
    /// GPU devices per node.
    public private(set) var gpuCount: [Int32]
    /// Free GPU-milli per device (1000 = an idle GPU).
    public private(set) var gpuFree: [Int32]
    /// Allocated GPU-milli per node.
    public private(set) var allocatedGPUMilli: [Int64]
    /// Idle devices per node (`gpuFree == 1000`), kept with `gpuFree` so Filter need not walk the devices.
    public private(set) var idleGPUs: [Int32]
    /// Per node, the most GPU-milli free on one partly used device (0 < free < 1000), or 0 when none.
    public private(set) var largestPartialFree: [Int32]
    /// `idleAtLeast[k - 1]`: one bit per node, set when the node has at least `k` idle devices (k = 1 … the most
    /// devices any node has), so Filter can skip nodes without room for a whole-GPU pod a word at a time.
    private(set) var idleAtLeast: [[UInt64]]
    /// One bit per node, set when some device has any GPU-milli free (what a shared-GPU pod needs at least).
    private(set) var anyGPUFree: [UInt64]
    /// GPU model id per node (index into `gpuModels`), -1 when the node has no GPUs.
    public private(set) var gpuModelID: [Int32]
    /// Distinct GPU model names, in order of first appearance.
    public let gpuModels: [String]
    /// Whether each node is cordoned (`spec.unschedulable`).
    public private(set) var isUnschedulable: [Bool]
    /// Whether each node is out of service (failed, or being upgraded); such a node runs nothing.
    public private(set) var isDown: [Bool]
    /// Whether each node slot is not provisioned (a spare slot of an autoscaled pool); absent nodes do not count
    /// toward capacity.
    public private(set) var isAbsent: [Bool]
    /// Provisioned nodes now.
    public var presentNodes: Int { nodeCount - absentNodes }
    private var absentNodes = 0
    /// Failed GPU devices per node (bit mask of node-local indices); a failed device has 0 GPU-milli free.
    public private(set) var brokenDevices: [UInt64]
    /// GPU capacity of failed devices on provisioned, up nodes, GPU-milli.
    public private(set) var brokenGPUMilli: Int64 = 0
    /// Nodes out of service now.
    public private(set) var downNodes: Int64 = 0
    /// GPU capacity of the nodes out of service now, GPU-milli.
    public private(set) var downGPUMilli: Int64 = 0
    /// Whether each node has any taint (fast path for the filters).
    public let hasTaints: [Bool]
    /// Node taints per node (empty for most nodes).
    public let taints: [[Taint]]
    /// Node labels per node.
    public let labels: [[String: String]]

    /// Pods nominated to each node by preemption (`status.nominatedNodeName`), usually empty.
    private(set) var nominations: [[Nomination]]
    /// Number of nominations in the cluster (fast check for the common case of none).
    public private(set) var nominationCount = 0

    /// Cluster-wide allocatable CPU of provisioned nodes, millicores.
    public private(set) var totalCPU: Int64 = 0
    /// Cluster-wide allocatable memory, bytes.
    public private(set) var totalMemory: Int64 = 0
    /// Cluster-wide GPU capacity in GPU-milli (devices x 1000).
    public private(set) var totalGPUMilli: Int64 = 0
    /// Cluster-wide requested CPU, millicores.
    public private(set) var usedCPU: Int64 = 0
    /// Cluster-wide requested memory, bytes.
    public private(set) var usedMemory: Int64 = 0
    /// Cluster-wide allocated GPU-milli.
    public private(set) var usedGPUMilli: Int64 = 0
    /// Cluster-wide busy GPU-milli (allocated x each pod's busy fraction): GPU utilization, not allocation.
    public private(set) var busyGPUMilli: Int64 = 0

    /// CPU request assumed for scoring when a pod has none: 100 millicores (`pkg/scheduler/util/pod_resources.go`).
    public static let defaultMilliCPURequest: Int64 = 100
    /// Memory request assumed for scoring when a pod has none: 200 MiB in bytes (same source).
    public static let defaultMemoryRequest: Int64 = 200 * 1024 * 1024

    /// Builds the empty state of a cluster.
    ///
    /// - Parameter spec: The cluster; node order is kept.
    public init(spec: ClusterSpec) {
        let nodes = spec.nodes
        nodeCount = nodes.count
        allocatableCPU = nodes.map(\.cpuMillicores)
        allocatableMemory = nodes.map(\.memoryBytes)
        allocatablePods = nodes.map(\.maxPods)
        requestedCPU = Array(repeating: 0, count: nodes.count)
        requestedMemory = requestedCPU
        nonZeroRequestedCPU = requestedCPU
        nonZeroRequestedMemory = requestedCPU
        allocatedGPUMilli = requestedCPU
        podCount = Array(repeating: 0, count: nodes.count)
        gpuCount = nodes.map(\.gpuCount)
        var starts: [Int32] = []
        starts.reserveCapacity(nodes.count)
        var offset: Int32 = 0
        for node in nodes {
            starts.append(offset)
            offset += node.gpuCount
        }
        gpuStart = starts
        gpuFree = Array(repeating: 1000, count: Int(offset))
        idleGPUs = gpuCount
        largestPartialFree = Array(repeating: 0, count: nodes.count)
        let words = (nodes.count + 63) / 64
        let mostDevices = Int(gpuCount.max() ?? 0)
        var atLeast = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: mostDevices)
        var anyFree = [UInt64](repeating: 0, count: words)
        for (n, count) in gpuCount.enumerated() where count > 0 {
            for k in 0..<Int(count) { atLeast[k][n >> 6] |= 1 << UInt64(n & 63) }
            anyFree[n >> 6] |= 1 << UInt64(n & 63)
        }
        idleAtLeast = atLeast
        anyGPUFree = anyFree
        var models: [String] = []
        var ids: [Int32] = []
        for node in nodes {
            if node.gpuCount == 0 {
                ids.append(-1)
                continue
            }
            if let found = models.firstIndex(of: node.gpuModel) {
                ids.append(Int32(found))
            } else {
                models.append(node.gpuModel)
                ids.append(Int32(models.count - 1))
            }
        }
        gpuModels = models
        gpuModelID = ids
        isUnschedulable = nodes.map(\.isUnschedulable)
        isDown = Array(repeating: false, count: nodes.count)
        isAbsent = nodes.map { !$0.isProvisioned }
        brokenDevices = Array(repeating: 0, count: nodes.count)
        absentNodes = isAbsent.lazy.filter { $0 }.count
        nominations = Array(repeating: [], count: nodes.count)
        taints = nodes.map(\.taints)
        hasTaints = nodes.map { !$0.taints.isEmpty }
        labels = nodes.map(\.labels)
        for n in 0..<nodes.count where !isAbsent[n] {
            totalCPU += allocatableCPU[n]
            totalMemory += allocatableMemory[n]
            totalGPUMilli += Int64(gpuCount[n]) * 1000
        }
    }

    /// Reserves a pod's requests on a node and picks its GPU devices.
    ///
    /// Device choice: a shared-GPU pod takes the device with the least free GPU-milli that still fits (best fit,
    /// lowest index on ties); a whole-GPU pod takes the lowest-indexed fully free devices.
    ///
    /// - Parameters:
    ///   - pod: The compiled pod (must pass `fits` on this node).
    ///   - node: Node index.
    ///   - chosen: Devices chosen by a GPU policy (node-local bit mask), or `nil` for the default choice.
    /// - Returns: Bit mask of the node-local device indices taken (0 for a CPU-only pod).
    /// - Precondition: The pod fits the node (and the chosen devices have room).
    mutating func bind(_ pod: CompiledPod, on node: Int, devices chosen: UInt64? = nil) -> UInt64 {
        requestedCPU[node] += pod.cpu
        requestedMemory[node] += pod.memory
        nonZeroRequestedCPU[node] += pod.nonZeroCPU
        nonZeroRequestedMemory[node] += pod.nonZeroMemory
        podCount[node] += 1
        usedCPU += pod.cpu
        usedMemory += pod.memory
        guard pod.gpuCount > 0 else { return 0 }
        let start = Int(gpuStart[node])
        let count = Int(gpuCount[node])
        var mask: UInt64 = 0
        if let chosen {
            precondition(chosen.nonzeroBitCount == Int(pod.gpuCount), "bind: policy chose the wrong device count")
            var rest = chosen
            while rest != 0 {
                let d = rest.trailingZeroBitCount
                precondition(d < count && gpuFree[start + d] >= pod.gpuMilli, "bind: chosen device \(d) lacks room")
                gpuFree[start + d] -= pod.gpuMilli
                rest &= rest - 1
            }
            mask = chosen
        } else if pod.gpuMilli < 1000 {
            let device = bestFitDevice(node: node, milli: pod.gpuMilli)
            precondition(device >= 0, "bind: no device with \(pod.gpuMilli) GPU-milli free on node \(node)")
            gpuFree[start + device] -= pod.gpuMilli
            mask = 1 << UInt64(device)
        } else {
            var needed = pod.gpuCount
            for d in 0..<count where needed > 0 && gpuFree[start + d] == 1000 {
                gpuFree[start + d] = 0
                mask |= 1 << UInt64(d)
                needed -= 1
            }
            precondition(needed == 0, "bind: not enough idle GPUs on node \(node)")
        }
        allocatedGPUMilli[node] += pod.totalGPUMilli
        usedGPUMilli += pod.totalGPUMilli
        busyGPUMilli += pod.busyGPUMilli
        recountDevices(node)
        return mask
    }

    /// Recomputes `idleGPUs` and `largestPartialFree` of a node after its devices changed.
    private mutating func recountDevices(_ node: Int) {
        let start = Int(gpuStart[node])
        var idle: Int32 = 0
        var partial: Int32 = 0
        for d in 0..<Int(gpuCount[node]) {
            let free = gpuFree[start + d]
            if free == 1000 { idle += 1 } else if free > partial { partial = free }
        }
        let before = Int(idleGPUs[node])
        idleGPUs[node] = idle
        largestPartialFree[node] = partial
        let word = node >> 6
        let bit: UInt64 = 1 << UInt64(node & 63)
        if Int(idle) > before {
            for k in before..<Int(idle) { idleAtLeast[k][word] |= bit }
        } else if Int(idle) < before {
            for k in Int(idle)..<before { idleAtLeast[k][word] &= ~bit }
        }
        if idle > 0 || partial > 0 { anyGPUFree[word] |= bit } else { anyGPUFree[word] &= ~bit }
    }

    /// Bit word `w` of the nodes that may have room for a pod's GPUs: at least `gpuCount` idle devices for a
    /// whole-GPU pod, any free GPU-milli for a shared one, every node for a pod without GPUs. A node outside it
    /// certainly fails NodeResourcesFit; one inside it may still fail (CPU, memory, nominations, the device rule).
    @inline(__always)
    func gpuCandidates(_ pod: CompiledPod, word w: Int) -> UInt64 {
        guard pod.gpuCount > 0 else { return .max }
        if pod.gpuMilli < 1000 { return anyGPUFree[w] }
        let k = Int(pod.gpuCount)
        return k <= idleAtLeast.count ? idleAtLeast[k - 1][w] : 0
    }

    /// Releases what `bind` reserved.
    ///
    /// - Parameters:
    ///   - pod: The compiled pod that was bound.
    ///   - node: Node index it was bound to.
    ///   - devices: The mask `bind` returned.
    mutating func unbind(_ pod: CompiledPod, from node: Int, devices: UInt64) {
        requestedCPU[node] -= pod.cpu
        requestedMemory[node] -= pod.memory
        nonZeroRequestedCPU[node] -= pod.nonZeroCPU
        nonZeroRequestedMemory[node] -= pod.nonZeroMemory
        podCount[node] -= 1
        usedCPU -= pod.cpu
        usedMemory -= pod.memory
        guard pod.gpuCount > 0 else { return }
        let start = Int(gpuStart[node])
        var rest = devices
        while rest != 0 {
            let d = rest.trailingZeroBitCount
            gpuFree[start + d] += pod.gpuMilli
            rest &= rest - 1
        }
        allocatedGPUMilli[node] -= pod.totalGPUMilli
        usedGPUMilli -= pod.totalGPUMilli
        busyGPUMilli -= pod.busyGPUMilli
        recountDevices(node)
    }

    /// Adds a provisioned node to the cluster (`true`) or removes an empty one; capacity totals follow.
    mutating func setPresent(_ node: Int, _ value: Bool) {
        precondition(value || podCount[node] == 0, "node \(node) removed with pods bound")
        guard isAbsent[node] == value else { return }
        isAbsent[node] = !value
        absentNodes += value ? -1 : 1
        let sign: Int64 = value ? 1 : -1
        let broken = Int64(brokenDevices[node].nonzeroBitCount) * 1000
        totalCPU += sign * allocatableCPU[node]
        totalMemory += sign * allocatableMemory[node]
        totalGPUMilli += sign * (Int64(gpuCount[node]) * 1000 - broken)
        brokenGPUMilli += sign * broken
    }

    /// Marks an idle device failed: capacity drops by one GPU until `repairDevice`.
    mutating func breakDevice(node: Int, device d: Int) {
        let index = Int(gpuStart[node]) + d
        precondition(gpuFree[index] == 1000, "device \(d) of node \(node) fails while in use")
        gpuFree[index] = 0
        brokenDevices[node] |= 1 << UInt64(d)
        totalGPUMilli -= 1000
        brokenGPUMilli += 1000
        recountDevices(node)
    }

    /// Returns a failed device to service.
    mutating func repairDevice(node: Int, device d: Int) {
        guard brokenDevices[node] & (1 << UInt64(d)) != 0 else { return }
        gpuFree[Int(gpuStart[node]) + d] = 1000
        brokenDevices[node] &= ~(1 << UInt64(d))
        recountDevices(node)
        if isAbsent[node] { return }
        if isDown[node] { downGPUMilli += 1000 }
        totalGPUMilli += 1000
        brokenGPUMilli -= 1000
    }

    /// Cordons (`true`) or uncordons a node (`spec.unschedulable`).
    mutating func setUnschedulable(_ node: Int, _ value: Bool) { isUnschedulable[node] = value }

    /// Takes a node out of service or returns it. The node must hold no pods when it goes down.
    mutating func setDown(_ node: Int, _ value: Bool) {
        precondition(!value || podCount[node] == 0, "node \(node) goes down with pods bound")
        guard isDown[node] != value else { return }
        isDown[node] = value
        downNodes += value ? 1 : -1
        downGPUMilli += (value ? 1 : -1) * (Int64(gpuCount[node]) - Int64(brokenDevices[node].nonzeroBitCount)) * 1000
    }

    /// Records that a pod is nominated to a node: pods of equal or lower priority see its requests as taken there.
    mutating func nominate(pod: Int32, _ compiled: CompiledPod, on node: Int) {
        nominations[node].append(
            Nomination(
                pod: pod, priority: compiled.priority, cpu: compiled.cpu, memory: compiled.memory,
                wholeGPUs: compiled.gpuMilli >= 1000 ? compiled.gpuCount : 0))
        nominationCount += 1
    }

    /// Removes a pod's nomination, if any.
    mutating func clearNomination(pod: Int32, node: Int) {
        guard let i = nominations[node].firstIndex(where: { $0.pod == pod }) else { return }
        nominations[node].remove(at: i)
        nominationCount -= 1
    }

    /// Resources reserved on a node by nominated pods whose priority is at least `priority`
    /// (kube-scheduler adds such pods to the node before running Filter, `addNominatedPods`).
    func reserved(node: Int, forPriority priority: Int32) -> (cpu: Int64, memory: Int64, pods: Int32, wholeGPUs: Int32)
    {
        var r: (cpu: Int64, memory: Int64, pods: Int32, wholeGPUs: Int32) = (0, 0, 0, 0)
        for nomination in nominations[node] where nomination.priority >= priority {
            r.cpu += nomination.cpu
            r.memory += nomination.memory
            r.pods += 1
            r.wholeGPUs += nomination.wholeGPUs
        }
        return r
    }

    /// The device with the least free GPU-milli that still has `milli` free, or -1.
    func bestFitDevice(node: Int, milli: Int32) -> Int {
        let start = Int(gpuStart[node])
        var best = -1
        var bestFree: Int32 = .max
        for d in 0..<Int(gpuCount[node]) {
            let free = gpuFree[start + d]
            if free >= milli && free < bestFree {
                best = d
                bestFree = free
            }
        }
        return best
    }

    /// Number of fully idle devices on a node.
    func idleDevices(node: Int) -> Int32 {
        let start = Int(gpuStart[node])
        var idle: Int32 = 0
        for d in 0..<Int(gpuCount[node]) where gpuFree[start + d] == 1000 { idle += 1 }
        return idle
    }

    /// Checks that no node is over-committed and that running totals match per-node sums.
    ///
    /// - Returns: A description of the first broken invariant, or `nil` when all hold.
    public func invariantViolation() -> String? {
        var cpu: Int64 = 0
        var gpu: Int64 = 0
        for n in 0..<nodeCount {
            if requestedCPU[n] > allocatableCPU[n] { return "node \(n): cpu over-committed" }
            if requestedMemory[n] > allocatableMemory[n] { return "node \(n): memory over-committed" }
            if podCount[n] > allocatablePods[n] { return "node \(n): too many pods" }
            if isDown[n] && podCount[n] > 0 { return "node \(n): pods bound to a node that is down" }
            if isAbsent[n] && podCount[n] > 0 { return "node \(n): pods bound to a node that does not exist" }
            var free: Int64 = 0
            var idle: Int32 = 0
            var partial: Int32 = 0
            let start = Int(gpuStart[n])
            for d in 0..<Int(gpuCount[n]) {
                let f = gpuFree[start + d]
                if f < 0 || f > 1000 { return "node \(n) device \(d): free GPU-milli \(f) out of 0...1000" }
                free += Int64(f)
                if f == 1000 { idle += 1 } else { partial = max(partial, f) }
            }
            if idle != idleGPUs[n] || partial != largestPartialFree[n] { return "node \(n): idle GPU counts drifted" }
            let bit: UInt64 = 1 << UInt64(n & 63)
            for k in idleAtLeast.indices where (idleAtLeast[k][n >> 6] & bit != 0) != (Int(idle) > k) {
                return "node \(n): idle-GPU index drifted"
            }
            if (anyGPUFree[n >> 6] & bit != 0) != (idle > 0 || partial > 0) {
                return "node \(n): free-GPU index drifted"
            }
            let broken = Int64(brokenDevices[n].nonzeroBitCount) * 1000
            if Int64(gpuCount[n]) * 1000 - broken - free != allocatedGPUMilli[n] { return "node \(n): GPU accounting" }
            cpu += requestedCPU[n]
            gpu += allocatedGPUMilli[n]
        }
        if cpu != usedCPU { return "cluster cpu total drifted" }
        if gpu != usedGPUMilli { return "cluster GPU total drifted" }
        return nil
    }
}

/// A pod nominated to a node by preemption, waiting for its victims to terminate.
///
/// It reserves CPU, memory, a pod slot and its whole GPUs (shared-GPU nominations reserve CPU and memory only).
struct Nomination: Sendable, Equatable {
    var pod: Int32
    var priority: Int32
    var cpu: Int64
    var memory: Int64
    var wholeGPUs: Int32
}
