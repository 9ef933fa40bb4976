/// Samples cluster allocation on a fixed step of simulated time.
///
/// The sample at time `s` shows the state after every event at or before `s`. At most `maxSamples` samples are
/// kept: when a run would need more, the step doubles and every other sample is dropped, so a very long run stays
/// fast and its series stays on a regular grid.
struct Sampler {
    private(set) var step: Int64
    private var next: Int64 = 0
    private var times: [Int64] = []
    private var gpu: [Double] = []
    private var gpuBusy: [Double] = []
    private var cpu: [Double] = []
    private var memory: [Double] = []
    private var pending: [Double] = []
    private var running: [Double] = []
    private var fragmented: [Double] = []
    /// Smallest whole-GPU request among waiting pods (0 = none); set by the run loop before emitting.
    var smallestPendingGPUs: Int32 = 0

    static let maxSamples = 100_000

    init(step: Int64) {
        self.step = step
    }

    /// The series sampled so far.
    var series: TimeSeries {
        var s = TimeSeries()
        s.times = times
        s.columns = [
            .init(name: "gpu_allocation", unit: "%", values: gpu),
            .init(name: "gpu_utilization", unit: "%", values: gpuBusy),
            .init(name: "cpu_allocation", unit: "%", values: cpu),
            .init(name: "memory_allocation", unit: "%", values: memory),
            .init(name: "pending_pods", unit: "pods", values: pending),
            .init(name: "running_pods", unit: "pods", values: running),
            .init(name: "fragmented_gpus", unit: "GPUs", values: fragmented),
        ]
        return s
    }

    /// Emits samples for every step boundary before `t` (or up to and including `t`).
    mutating func emit(upTo t: Int64, exclusive: Bool, state: borrowing ClusterState, pending p: Int, running r: Int) {
        // Widen the step first when the gap alone would exceed the budget (e.g. one arrival years away).
        while (t - next) / step > Int64(Sampler.maxSamples) { thin() }
        while next < t || (!exclusive && next == t) {
            append(at: next, state: state, pending: p, running: r)
            next += step
            if times.count >= Sampler.maxSamples { thin() }
        }
    }

    /// Emits the remaining boundaries up to `end`, and a last sample at `end` itself if it is not on a boundary.
    mutating func finish(at end: Int64, state: borrowing ClusterState, pending p: Int, running r: Int) {
        emit(upTo: end, exclusive: false, state: state, pending: p, running: r)
        if times.last != end { append(at: end, state: state, pending: p, running: r) }
    }

    /// Doubles the step and keeps the samples on the new grid.
    private mutating func thin() {
        let newStep = step * 2
        func keep<T>(_ values: [T]) -> [T] { zip(times, values).filter { $0.0 % newStep == 0 }.map(\.1) }
        gpu = keep(gpu)
        gpuBusy = keep(gpuBusy)
        cpu = keep(cpu)
        memory = keep(memory)
        pending = keep(pending)
        running = keep(running)
        fragmented = keep(fragmented)
        times = times.filter { $0 % newStep == 0 }
        step = newStep
        if next % newStep != 0 { next += step / 2 }
    }

    private mutating func append(at time: Int64, state: borrowing ClusterState, pending p: Int, running r: Int) {
        times.append(time)
        gpu.append(percent(state.usedGPUMilli, state.totalGPUMilli))
        gpuBusy.append(percent(state.busyGPUMilli, state.totalGPUMilli))
        cpu.append(percent(state.usedCPU, state.totalCPU))
        memory.append(percent(state.usedMemory, state.totalMemory))
        pending.append(Double(p))
        running.append(Double(r))
        fragmented.append(Double(Sampler.fragmentedGPUs(state: state, smallestRequest: smallestPendingGPUs)))
    }
}

extension Sampler {
    /// Idle GPUs stranded on nodes whose idle count is below the smallest whole-GPU request still waiting
    /// (cases.md C01): capacity that exists but cannot serve the queue. 0 when no GPU pod waits.
    ///
    /// - Parameters:
    ///   - state: Cluster state.
    ///   - smallestRequest: Smallest whole-GPU request among waiting pods, 0 for none.
    /// - Returns: Fragmented GPUs.
    static func fragmentedGPUs(state: borrowing ClusterState, smallestRequest: Int32) -> Int32 {
        guard smallestRequest > 1 else { return 0 }
        var total: Int32 = 0
        for n in 0..<state.nodeCount where state.gpuCount[n] > 0 {
            let idle = state.idleDevices(node: n)
            if idle < smallestRequest { total += idle }
        }
        return total
    }
}

/// Percentage `part / whole * 100`, 0 when `whole` is 0.
@inline(__always)
func percent(_ part: Int64, _ whole: Int64) -> Double {
    whole == 0 ? 0 : Double(part) * 100 / Double(whole)
}

/// Exact time integrals of allocated resources (resource x milliseconds), for time-weighted means.
struct Integrals {
    var gpu: Int128 = 0
    var gpuBusy: Int128 = 0
    var cpu: Int128 = 0
    var memory: Int128 = 0
    var gpuCapacity: Int128 = 0
    var cpuCapacity: Int128 = 0
    var memoryCapacity: Int128 = 0
    var nodes: Int128 = 0
    var gpuPeak: Int64 = 0
    var gpuPeakPercent: Double = 0

    mutating func advance(to t: Int64, from clock: Int64, state: borrowing ClusterState) {
        let dt = Int128(max(0, t - clock))
        gpu += Int128(state.usedGPUMilli) * dt
        gpuBusy += Int128(state.busyGPUMilli) * dt
        cpu += Int128(state.usedCPU) * dt
        memory += Int128(state.usedMemory) * dt
        gpuCapacity += Int128(state.totalGPUMilli) * dt
        cpuCapacity += Int128(state.totalCPU) * dt
        memoryCapacity += Int128(state.totalMemory) * dt
        nodes += Int128(state.presentNodes) * dt
        gpuPeak = max(gpuPeak, state.usedGPUMilli)
        gpuPeakPercent = max(gpuPeakPercent, percent(state.usedGPUMilli, state.totalGPUMilli))
    }

    /// Time-weighted mean allocation in percent: `∫ used dt / ∫ capacity dt` (capacity may change with autoscaling).
    static func meanPercent(_ used: Int128, capacity: Int128) -> Double {
        guard capacity > 0 else { return .nan }
        return Double(used) * 100 / Double(capacity)
    }
}

/// Nearest-rank percentiles of integer samples.
public enum Percentile {
    /// The nearest-rank percentile: the smallest value with at least `p` percent of samples at or below it
    /// (`sorted[ceil(p/100 * n) - 1]`).
    ///
    /// - Parameters:
    ///   - p: Percentile, 0 < p <= 100.
    ///   - sorted: Samples in ascending order.
    /// - Returns: The percentile, or `nil` for no samples.
    public static func nearestRank(_ p: Double, of sorted: [Int64]) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
