/// GPU allocation against arrived GPU request, as the ATC'23 FGD paper reports it
/// (`experiments/analysis/merge_alloc_discrete.py`): for k = 0...130, the allocation ratio at the moment the
/// arrived GPU request first reaches k % of cluster capacity.
struct PackingCurve {
    let capacityMilli: Int64
    private(set) var arrivedMilli: Int64 = 0
    private var nextPercent = 0
    private var allocation: [Double] = []
    private var cpu: [Double] = []

    static let maxPercent = 130

    init(capacityMilli: Int64) {
        self.capacityMilli = capacityMilli
    }

    /// Arrived GPU request in % of capacity if `pod` arrives now.
    func arrivedPercent(adding pod: CompiledPod) -> Double {
        percent(arrivedMilli + pod.totalGPUMilli, capacityMilli)
    }

    mutating func record(arrived pod: CompiledPod, state: borrowing ClusterState) {
        arrivedMilli += pod.totalGPUMilli
        guard capacityMilli > 0 else { return }
        while nextPercent <= PackingCurve.maxPercent && arrivedMilli * 100 >= Int64(nextPercent) * capacityMilli {
            allocation.append(percent(state.usedGPUMilli, state.totalGPUMilli))
            cpu.append(percent(state.usedCPU, state.totalCPU))
            nextPercent += 1
        }
    }

    /// Allocation at `k` % arrived, if reached.
    func allocation(atPercent k: Int) -> Double? { k < allocation.count ? allocation[k] : nil }

    /// Points not reached by the arrivals (tuning stops just below 130 %) take the final allocation.
    mutating func finish(state: borrowing ClusterState) {
        guard capacityMilli > 0 else { return }
        while allocation.count <= PackingCurve.maxPercent && !allocation.isEmpty {
            allocation.append(percent(state.usedGPUMilli, state.totalGPUMilli))
            cpu.append(percent(state.usedCPU, state.totalCPU))
        }
    }

    var series: TimeSeries {
        var s = TimeSeries()
        s.times = (0..<allocation.count).map(Int64.init)
        s.columns = [
            .init(name: "gpu_allocation_vs_arrived", unit: "%", values: allocation),
            .init(name: "cpu_allocation_vs_arrived", unit: "%", values: cpu),
        ]
        return s
    }
}
