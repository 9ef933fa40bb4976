/// GPU fragmentation as the ATC'23 FGD paper defines it (Weng et al., "Beware of Fragmentation"), mirroring
/// `NodeGpuShareFragAmount`, `GetNodePodFrag` and `GetTypicalPods` in `pkg/utils/frag.go` of
/// hkust-adsl/kubernetes-scheduler-simulator.
///
/// The workload is summarised by its *typical pods*: the most popular pod shapes (CPU request, GPU-milli per GPU,
/// GPU count, allowed models), each with its frequency. For a node and one typical pod, the node's free GPU-milli
/// is classified:
/// - the typical pod fits (enough devices each with at least its GPU share, and enough CPU): only the free
///   GPU-milli on devices with less than the pod's share counts as fragment (class Q3; the part on devices large
///   enough does not count);
/// - otherwise (Q1 lacks both, Q2 lacks GPU, Q4 lacks CPU, NA model not allowed, and for CPU-only typical pods
///   XL/XR) all free GPU-milli of the node counts as fragment.
///
/// The node's fragmentation is the frequency-weighted sum over typical pods. Memory plays no part, as upstream.
/// A CPU-only typical pod always counts the whole free GPU-milli (upstream sums XL and XR alike).
struct FragmentationModel: Sendable, Equatable {
    /// One pod shape of the workload and how often it occurs.
    struct TypicalPod: Sendable, Equatable {
        /// CPU request with the 100 m scoring default for pods without one, millicores (upstream `MilliCpu`).
        var cpu: Int64
        /// GPU-milli per GPU (0 for a CPU-only pod).
        var gpuMilli: Int32
        /// GPUs requested.
        var gpuCount: Int32
        /// Allowed GPU model ids as bits (`UInt64.max` = any).
        var modelMask: UInt64
        /// Share of the typical set, in 0...1; all shares sum to 1.
        var frequency: Double
    }

    /// The typical pods, most popular first.
    let typicalPods: [TypicalPod]

    /// Upstream's default popularity threshold used in every paper run (`--pod-popularity-threshold 95`).
    static let defaultPopularityThresholdPercent = 95

    /// Creates a model from an explicit typical-pod list.
    ///
    /// - Parameter typicalPods: Shapes and frequencies (frequencies should sum to 1).
    init(typicalPods: [TypicalPod]) {
        self.typicalPods = typicalPods
    }

    /// Derives the typical pods of a workload (`GetTypicalPods` with CPU pods included, popularity threshold 95 %,
    /// increase step 1, no GPU weighting: the settings of every paper run).
    ///
    /// Shapes are counted (one per pod), sorted by count, then by CPU, GPU-milli, GPU count and model mask, all
    /// descending; shapes are taken in that order until their pods reach `thresholdPercent` of all pods, and the
    /// frequencies of the kept shapes are renormalised to sum to 1.
    ///
    /// - Parameters:
    ///   - pods: The workload's pods with their multiplicity (pods per job).
    ///   - thresholdPercent: Popularity threshold, 1...100.
    init(workload pods: [(pod: CompiledPod, count: Int)], thresholdPercent: Int = defaultPopularityThresholdPercent) {
        struct Key: Hashable {
            var cpu: Int64
            var gpuMilli: Int32
            var gpuCount: Int32
            var modelMask: UInt64
        }
        var counts: [Key: Int] = [:]
        var total = 0
        for (pod, count) in pods where count > 0 {
            let gpuMilli = pod.gpuCount == 0 ? 0 : pod.gpuMilli
            let mask = pod.gpuCount == 0 ? UInt64.max : pod.modelMask
            counts[Key(cpu: pod.nonZeroCPU, gpuMilli: gpuMilli, gpuCount: pod.gpuCount, modelMask: mask), default: 0] +=
                count
            total += count
        }
        let sorted = counts.sorted { a, b in
            if a.value != b.value { return a.value > b.value }
            let (x, y) = (a.key, b.key)
            if x.cpu != y.cpu { return x.cpu > y.cpu }
            if x.gpuMilli != y.gpuMilli { return x.gpuMilli > y.gpuMilli }
            if x.gpuCount != y.gpuCount { return x.gpuCount > y.gpuCount }
            return x.modelMask > y.modelMask
        }
        guard total > 0 else {
            typicalPods = []
            return
        }
        let expected = Double(max(1, min(100, thresholdPercent))) * Double(total) / 100
        var kept: [TypicalPod] = []
        var cumulative = 0.0
        var i = 0
        while cumulative < expected && i < sorted.count {
            let (key, count) = (sorted[i].key, sorted[i].value)
            cumulative += Double(count)
            kept.append(
                TypicalPod(
                    cpu: key.cpu, gpuMilli: key.gpuMilli, gpuCount: key.gpuCount, modelMask: key.modelMask,
                    frequency: Double(count) / Double(total)))
            i += 1
        }
        if i < sorted.count {
            let keptShare = cumulative / Double(total)
            for k in kept.indices { kept[k].frequency /= keptShare }
        }
        typicalPods = kept
    }

    /// Typical pods of a run's workload.
    ///
    /// Tuning samples (`JobSpec.isTuningSample`, the extra pods `OpenbTrace.jobs` draws when tuning a trace to a
    /// target load) are left out when other jobs remain, because upstream derives the typical pods from the trace
    /// before tuning.
    ///
    /// - Parameters:
    ///   - jobs: The run's jobs.
    ///   - compiled: Their compiled pods, same order.
    /// - Returns: The model.
    static func forWorkload(jobs: [JobSpec], compiled: [CompiledPod]) -> FragmentationModel {
        var pods: [(pod: CompiledPod, count: Int)] = []
        var tuned: [(pod: CompiledPod, count: Int)] = []
        pods.reserveCapacity(jobs.count)
        for (j, job) in jobs.enumerated() {
            if job.isTuningSample {
                tuned.append((compiled[j], Int(job.parallelism)))
            } else {
                pods.append((compiled[j], Int(job.parallelism)))
            }
        }
        return FragmentationModel(workload: pods.isEmpty ? tuned : pods)
    }

    // MARK: - Evaluation

    /// Expected fragmented GPU-milli of a node with the given free CPU and per-device free GPU-milli.
    ///
    /// Sums per class in typical-pod order and adds the classes in upstream's order (Q1, Q2, Q4, XL, XR, NA), so
    /// equal node states give bit-identical values.
    ///
    /// - Parameters:
    ///   - cpuLeft: Allocatable minus requested CPU, millicores.
    ///   - free: Free GPU-milli of each device.
    ///   - modelID: The node's GPU model id (-1 without GPUs).
    /// - Returns: Fragmented GPU-milli, 0...Σ free.
    /// - Complexity: O(*t* × *d*) for *t* typical pods and *d* devices.
    func fragmentedMilli(cpuLeft: Int64, free: UnsafeBufferPointer<Int32>, modelID: Int32) -> Double {
        var totalFree: Int64 = 0
        for v in free { totalFree += Int64(v) }
        if totalFree == 0 { return 0 }
        let total = Double(totalFree)
        let modelBit: UInt64 = modelID >= 0 && modelID < 64 ? 1 << UInt64(modelID) : 0
        var q1 = 0.0
        var q2 = 0.0
        var q4 = 0.0
        var xl = 0.0
        var xr = 0.0
        var na = 0.0
        for p in typicalPods {
            let hasCPU = cpuLeft >= p.cpu
            if p.gpuMilli == 0 {
                if hasCPU { xl += p.frequency * total } else { xr += p.frequency * total }
                continue
            }
            if p.modelMask != .max && p.modelMask & modelBit == 0 {
                na += p.frequency * total
                continue
            }
            var fitting: Int32 = 0
            var tooSmall: Int64 = 0
            for v in free {
                if v >= p.gpuMilli { fitting += 1 } else { tooSmall += Int64(v) }
            }
            if fitting >= max(p.gpuCount, 1) {
                if hasCPU { q2 += p.frequency * Double(tooSmall) } else { q4 += p.frequency * total }
            } else {
                if hasCPU { q2 += p.frequency * total } else { q1 += p.frequency * total }
            }
        }
        return q1 + q2 + q4 + xl + xr + na
    }

    /// Expected fragmented GPU-milli of a node in its current state.
    ///
    /// - Parameters:
    ///   - node: Node index.
    ///   - state: Cluster state.
    /// - Returns: Fragmented GPU-milli.
    func fragmentedMilli(node: Int, state: borrowing ClusterState) -> Double {
        let start = Int(state.gpuStart[node])
        let count = Int(state.gpuCount[node])
        let cpuLeft = state.allocatableCPU[node] - state.requestedCPU[node]
        let modelID = state.gpuModelID[node]
        return state.gpuFree.withUnsafeBufferPointer { all in
            fragmentedMilli(
                cpuLeft: cpuLeft, free: UnsafeBufferPointer(rebasing: all[start..<(start + count)]), modelID: modelID)
        }
    }
}
