/// GPU fragmentation against arrived GPU request, as the ATC'23 FGD paper reports it
/// (`experiments/analysis/merge_frag_discrete.py`): for k = 0...130, the cluster's fragmented GPU-milli
/// (`FragmentationModel`) as a % of cluster GPU capacity at the moment the arrived GPU request first reaches k %
/// of capacity. Sampled at the same moments as `PackingCurve`.
struct FragmentationCurve {
    let capacityMilli: Int64
    let model: FragmentationModel
    private(set) var arrivedMilli: Int64 = 0
    private var nextPercent = 0
    private var values: [Double] = []
    private var cache: FragmentationCache

    /// Series name of the column this curve adds to the packing series.
    static let columnName = "gpu_fragmentation_vs_arrived"

    /// Creates an empty curve.
    ///
    /// - Parameters:
    ///   - model: Typical pods of the workload.
    ///   - state: The (empty) cluster.
    init(model: FragmentationModel, state: borrowing ClusterState) {
        capacityMilli = state.totalGPUMilli
        self.model = model
        cache = FragmentationCache(nodeCount: state.nodeCount)
    }

    /// Accounts for one arrival (after its placement attempt), sampling every percent point it crosses.
    ///
    /// - Parameters:
    ///   - pod: The arrived pod.
    ///   - state: Cluster state after the attempt.
    mutating func record(arrived pod: CompiledPod, state: borrowing ClusterState) {
        arrivedMilli += pod.totalGPUMilli
        guard capacityMilli > 0 else { return }
        guard nextPercent <= PackingCurve.maxPercent && arrivedMilli * 100 >= Int64(nextPercent) * capacityMilli
        else { return }
        let value = currentPercent(state: state)
        while nextPercent <= PackingCurve.maxPercent && arrivedMilli * 100 >= Int64(nextPercent) * capacityMilli {
            values.append(value)
            nextPercent += 1
        }
    }

    /// Points not reached by the arrivals take the final fragmentation (as `PackingCurve.finish`).
    ///
    /// - Parameter state: Final cluster state.
    mutating func finish(state: borrowing ClusterState) {
        guard capacityMilli > 0, !values.isEmpty else { return }
        let value = currentPercent(state: state)
        while values.count <= PackingCurve.maxPercent { values.append(value) }
    }

    /// Fragmentation (% of capacity) at `k` % arrived, if reached.
    func fragmentation(atPercent k: Int) -> Double? { k >= 0 && k < values.count ? values[k] : nil }

    /// The `gpu_fragmentation_vs_arrived` column, one value per percent point.
    var column: TimeSeries.Column {
        .init(name: FragmentationCurve.columnName, unit: "%", values: values)
    }

    private mutating func currentPercent(state: borrowing ClusterState) -> Double {
        cache.clusterFragmentedMilli(state: state, model: model) * 100 / Double(capacityMilli)
    }
}
