/// The DefaultPreemption PostFilter of kube-scheduler (`framework/plugins/defaultpreemption/default_preemption.go`,
/// `framework/preemption/preemption.go`), as pure functions over one node at a time.
///
/// For a pod that fits nowhere: on each candidate node remove every pod of strictly lower priority; if the pod then
/// fits, add the removed pods back ("reprieve") one at a time, PDB-violating ones first, each group from the most
/// important (higher priority, then earlier start), keeping every pod that still leaves room; the rest are the
/// victims. Among candidate nodes pick, in order: fewest PDB violations, lowest highest-victim priority, smallest
/// sum of (priority + 2^31), fewest victims, latest start time among the highest-priority victims, first found.
///
/// A value is the PostFilter plugin of a profile (`DefaultPreemption+PostFilter.swift`); it has no arguments.
public struct DefaultPreemption: Sendable {
    /// Creates the plugin.
    init() {}

    /// A pod that may be evicted: its resources on the node and what ranks it.
    public struct PotentialVictim: Sendable, Equatable {
        /// Pod id in the run.
        public var pod: Int32
        /// `spec.priority`.
        public var priority: Int32
        /// When it started running, ms.
        public var startMilliseconds: Int64
        /// CPU request, millicores.
        public var cpu: Int64
        /// Memory request, bytes.
        public var memory: Int64
        /// GPU-milli per device it holds.
        public var gpuMilli: Int32
        /// Node-local devices it holds (bit mask).
        public var devices: UInt64
        /// Index of the PodDisruptionBudget covering it, or -1.
        public var budget: Int

        /// Creates a potential victim.
        public init(
            pod: Int32, priority: Int32, startMilliseconds: Int64, cpu: Int64, memory: Int64 = 0, gpuMilli: Int32 = 0,
            devices: UInt64 = 0, budget: Int = -1
        ) {
            self.pod = pod
            self.priority = priority
            self.startMilliseconds = startMilliseconds
            self.cpu = cpu
            self.memory = memory
            self.gpuMilli = gpuMilli
            self.devices = devices
            self.budget = budget
        }

        /// `MoreImportantPod`: higher priority, then earlier start; pod id keeps the order total.
        static func isMoreImportant(_ a: PotentialVictim, _ b: PotentialVictim) -> Bool {
            if a.priority != b.priority { return a.priority > b.priority }
            if a.startMilliseconds != b.startMilliseconds { return a.startMilliseconds < b.startMilliseconds }
            return a.pod < b.pod
        }
    }

    /// The victims preemption would evict on one node.
    public struct NodeVictims: Sendable, Equatable {
        /// Node index.
        public var node: Int
        /// Victims, most important first.
        public var victims: [PotentialVictim]
        /// How many victims' eviction violates a PodDisruptionBudget.
        public var budgetViolations: Int

        /// Creates a node's victim set.
        public init(node: Int, victims: [PotentialVictim], budgetViolations: Int) {
            self.node = node
            self.victims = victims
            self.budgetViolations = budgetViolations
        }
    }

    /// Free resources of one node while victims are removed and reprieved.
    public struct NodeScratch: Sendable {
        /// Free CPU, millicores.
        public var cpu: Int64
        /// Free memory, bytes.
        public var memory: Int64
        /// Free pod slots.
        public var pods: Int32
        /// Free GPU-milli per device.
        public var gpuFree: [Int32]

        /// Creates a scratch copy.
        public init(cpu: Int64, memory: Int64, pods: Int32, gpuFree: [Int32]) {
            self.cpu = cpu
            self.memory = memory
            self.pods = pods
            self.gpuFree = gpuFree
        }

        mutating func release(_ v: PotentialVictim) { apply(v, sign: 1) }
        mutating func take(_ v: PotentialVictim) { apply(v, sign: -1) }

        private mutating func apply(_ v: PotentialVictim, sign: Int64) {
            cpu += sign * v.cpu
            memory += sign * v.memory
            pods += Int32(sign)
            var rest = v.devices
            while rest != 0 {
                let d = rest.trailingZeroBitCount
                gpuFree[d] += Int32(sign) * v.gpuMilli
                rest &= rest - 1
            }
        }

        /// Places a pod that `fits`: takes its CPU, memory, a pod slot and GPU devices (best-fitting device for a
        /// shared GPU, idle devices for whole GPUs). Used by the autoscaler's bin-packing estimate.
        public mutating func place(cpu podCPU: Int64, memory podMemory: Int64, gpuCount: Int32, gpuMilli: Int32) {
            cpu -= podCPU
            memory -= podMemory
            pods -= 1
            guard gpuCount > 0 else { return }
            if gpuMilli < 1000 {
                var best = -1
                for d in gpuFree.indices where gpuFree[d] >= gpuMilli && (best < 0 || gpuFree[d] < gpuFree[best]) {
                    best = d
                }
                if best >= 0 { gpuFree[best] -= gpuMilli }
                return
            }
            var needed = gpuCount
            for d in gpuFree.indices where needed > 0 && gpuFree[d] == 1000 {
                gpuFree[d] = 0
                needed -= 1
            }
        }

        /// Whether a pod asking for these resources fits (NodeResourcesFit with GPU devices).
        func fits(cpu podCPU: Int64, memory podMemory: Int64, gpuCount: Int32, gpuMilli: Int32) -> Bool {
            if pods < 1 || (podCPU > 0 && podCPU > cpu) || (podMemory > 0 && podMemory > memory) { return false }
            guard gpuCount > 0 else { return true }
            if gpuMilli < 1000 { return gpuFree.contains { $0 >= gpuMilli } }
            return gpuFree.lazy.filter { $0 == 1000 }.count >= Int(gpuCount)
        }
    }

    /// `SelectVictimsOnNode`: the victims on one node, or `nil` when even removing every lower-priority pod
    /// does not make room.
    ///
    /// - Parameters:
    ///   - node: Node index (copied into the result).
    ///   - scratch: The node's free resources now.
    ///   - pods: Pods on the node that may be evicted (not terminating), any order.
    ///   - preemptorPriority: The preemptor's priority; only strictly lower pods are removed.
    ///   - fits: Whether the preemptor fits a scratch.
    ///   - budgetsAllowed: `disruptionsAllowed` per PodDisruptionBudget (copied, decremented per matched pod).
    /// - Returns: Victims (most important first) and their PDB violations.
    public static func selectVictims(
        node: Int, scratch: NodeScratch, pods: [PotentialVictim], preemptorPriority: Int32,
        fits: (NodeScratch) -> Bool, budgetsAllowed: [Int]
    ) -> NodeVictims? {
        var scratch = scratch
        var removed = pods.filter { $0.priority < preemptorPriority }
        guard !removed.isEmpty else { return nil }
        for v in removed { scratch.release(v) }
        guard fits(scratch) else { return nil }
        removed.sort(by: PotentialVictim.isMoreImportant)
        var allowed = budgetsAllowed
        var violating: [PotentialVictim] = []
        var nonViolating: [PotentialVictim] = []
        for v in removed {
            if v.budget >= 0 {
                allowed[v.budget] -= 1
                if allowed[v.budget] < 0 {
                    violating.append(v)
                    continue
                }
            }
            nonViolating.append(v)
        }
        var victims: [PotentialVictim] = []
        var violations = 0
        for v in violating {
            scratch.take(v)
            if !fits(scratch) {
                scratch.release(v)
                victims.append(v)
                violations += 1
            }
        }
        for v in nonViolating {
            scratch.take(v)
            if !fits(scratch) {
                scratch.release(v)
                victims.append(v)
            }
        }
        victims.sort(by: PotentialVictim.isMoreImportant)
        return NodeVictims(node: node, victims: victims, budgetViolations: violations)
    }

    /// `pickOneNodeForPreemption`: the index of the chosen option.
    ///
    /// - Parameter options: Candidate nodes with their victims, in the order they were found.
    /// - Returns: Index into `options`, or `nil` when empty.
    public static func pickNode(_ options: [NodeVictims]) -> Int? {
        guard !options.isEmpty else { return nil }
        func key(_ o: NodeVictims) -> (Int, Int32, Int64, Int, Int64) {
            let top = o.victims.map(\.priority).max() ?? .min
            let sum = o.victims.reduce(Int64(0)) { $0 + Int64($1.priority) + Int64(Int32.max) + 1 }
            // Earliest start among the highest-priority victims; later is better, so negate.
            let earliest = o.victims.filter { $0.priority == top }.map(\.startMilliseconds).min() ?? 0
            return (o.budgetViolations, top, sum, o.victims.count, -earliest)
        }
        var best = 0
        var bestKey = key(options[0])
        for i in 1..<options.count {
            let k = key(options[i])
            if k < bestKey {
                best = i
                bestKey = k
            }
        }
        return best
    }

    /// How many candidate nodes the dry run looks for: `max(N x 10 %, 100)` capped at N
    /// (`minCandidateNodesPercentage` 10, `minCandidateNodesAbsolute` 100).
    ///
    /// - Parameter potentialNodes: Nodes where preemption might help.
    /// - Returns: The candidate budget.
    public static func numCandidates(potentialNodes: Int) -> Int {
        min(max(potentialNodes * 10 / 100, 100), potentialNodes)
    }
}
