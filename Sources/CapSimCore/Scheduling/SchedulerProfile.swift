/// The plugins of one scheduler profile, with their weights and arguments: one entry of KubeSchedulerConfiguration's
/// `profiles` (`schedulerName`, `plugins`, `pluginConfig`; `pkg/scheduler/apis/config/types.go`), built from a
/// scenario's `SchedulerConfiguration`.
///
/// kube-scheduler's default profile (`getDefaultPlugins`, `pkg/scheduler/apis/config/v1/default_plugins.go`) enables,
/// as MultiPoint plugins in this order: SchedulingGates, PrioritySort, NodeUnschedulable, NodeName, TaintToleration
/// (weight 3), NodeAffinity (2), NodePorts, NodeResourcesFit (1), VolumeRestrictions, NodeVolumeLimits (and the
/// in-tree volume limits), VolumeBinding, VolumeZone, PodTopologySpread (2), InterPodAffinity (2), DefaultPreemption,
/// NodeResourcesBalancedAllocation (1), ImageLocality (1), DefaultBinder. capsim models the ones a simulated pod can
/// meet; the others have nothing to act on (no node names, ports, volumes, topology spread, inter-pod affinity or
/// images), and PrioritySort is the scheduling queue's order (`Queue/`).
///
/// | Extension point | Plugins (weight in the default profile)                                             |
/// |-----------------|-------------------------------------------------------------------------------------|
/// | PreFilter       | NodeAffinity                                                                        |
/// | Filter          | NodeUnschedulable, NodeAffinity, TaintToleration, NodeResourcesFit                  |
/// | PostFilter      | DefaultPreemption (`preemption: false` disables it)                                 |
/// | PreScore        | TaintToleration, NodeAffinity, NodeResourcesBalancedAllocation                      |
/// | Score           | TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1 |
/// | Reserve         | the GPU-sharing policy, if any (device choice)                                      |
/// | Permit          | Coscheduling, for gangs                                                             |
///
/// Filter order differs from upstream in one place: NodeAffinity runs before TaintToleration (upstream the other way
/// round), which only changes the reason reported for a node that fails both. Scores are added as
/// `Σ weight × normalized score`; a weight of 0 disables a plugin's Score (upstream treats 0 as "use the default").
/// The GPU-sharing policy is appended to the Score list (custom plugins come after the defaults when upstream merges
/// a profile) and runs whenever it is configured, whatever its weight, because it also picks devices and Random's
/// draws must stay in step.
struct SchedulerProfile: Sendable {
    /// The Filter plugins, in order, as one concrete chain.
    typealias Filters = FilterChain<
        FilterChain<FilterChain<NodeUnschedulable, NodeAffinityPlugin>, TaintToleration>, NodeResourcesFit
    >
    /// The Filter plugins when NodeAffinity's PreFilter returned `skip`.
    typealias FiltersSkippingNodeAffinity = FilterChain<
        FilterChain<NodeUnschedulable, TaintToleration>, NodeResourcesFit
    >

    /// A plugin with a Score extension point.
    enum ScorePluginName: Sendable, Equatable {
        /// `TaintToleration`.
        case taintToleration
        /// `NodeAffinity`.
        case nodeAffinity
        /// `NodeResourcesFit`.
        case nodeResourcesFit
        /// `NodeResourcesBalancedAllocation`.
        case balancedAllocation
        /// An ATC'23 GPU-sharing policy (`FGDScore`, `BestFitScore`, …).
        case gpuSharing(GPUPolicyKind)
    }

    /// One enabled Score plugin and its weight (`config.Plugin`: `name`, `weight`).
    struct WeightedScorePlugin: Sendable, Equatable {
        /// The plugin.
        var plugin: ScorePluginName
        /// Its weight.
        var weight: Int64
    }

    /// `schedulerName`.
    let schedulerName: String

    /// `plugins.filter`, as one chain.
    let filters: Filters
    /// `plugins.filter` without NodeAffinity.
    let filtersSkippingNodeAffinity: FiltersSkippingNodeAffinity
    /// `plugins.postFilter`: DefaultPreemption, or `nil` when preemption is off.
    let postFilter: DefaultPreemption?
    /// `plugins.score`, in the order they run.
    let score: [WeightedScorePlugin]

    /// NodeUnschedulable (no arguments).
    let nodeUnschedulable = NodeUnschedulable()
    /// NodeAffinity (no arguments).
    let nodeAffinity = NodeAffinityPlugin()
    /// TaintToleration, knowing whether the cluster has `PreferNoSchedule` taints.
    let taintToleration: TaintToleration
    /// `NodeResourcesFitArgs`.
    let nodeResourcesFit: NodeResourcesFit
    /// `NodeResourcesBalancedAllocationArgs`.
    let balancedAllocation: BalancedAllocation

    /// Builds the profile of a scenario's scheduler configuration.
    ///
    /// - Parameters:
    ///   - configuration: Profile name, weights and plugin arguments.
    ///   - state: The cluster it schedules on (only its static shape is read).
    init(_ configuration: SchedulerConfiguration, cluster state: borrowing ClusterState) {
        schedulerName = configuration.profile
        taintToleration = TaintToleration(cluster: state)
        nodeResourcesFit = NodeResourcesFit(configuration)
        balancedAllocation = BalancedAllocation(configuration)
        filters = nodeUnschedulable.then(nodeAffinity).then(taintToleration).then(nodeResourcesFit)
        filtersSkippingNodeAffinity = nodeUnschedulable.then(taintToleration).then(nodeResourcesFit)
        postFilter = configuration.preemptionEnabled ? DefaultPreemption() : nil
        var score: [WeightedScorePlugin] = []
        let weights: [(ScorePluginName, Int64)] = [
            (.taintToleration, configuration.taintTolerationWeight), (.nodeAffinity, configuration.nodeAffinityWeight),
            (.nodeResourcesFit, configuration.fitWeight),
            (.balancedAllocation, configuration.balancedAllocationWeight),
        ]
        for (plugin, weight) in weights where weight > 0 {
            score.append(WeightedScorePlugin(plugin: plugin, weight: weight))
        }
        if let policy = configuration.gpuPolicy {
            score.append(WeightedScorePlugin(plugin: .gpuSharing(policy), weight: configuration.gpuPolicyWeight))
        }
        self.score = score
    }

    /// The weight of a Score plugin in this profile, 0 when it is not enabled.
    ///
    /// - Parameter plugin: The plugin.
    /// - Returns: Its weight.
    func weight(of plugin: ScorePluginName) -> Int64 {
        score.first { $0.plugin == plugin }?.weight ?? 0
    }
}

extension SchedulerProfile.ScorePluginName {
    /// The plugin's upstream name.
    var name: String {
        switch self {
        case .taintToleration: TaintToleration.name
        case .nodeAffinity: NodeAffinityPlugin.name
        case .nodeResourcesFit: NodeResourcesFit.name
        case .balancedAllocation: BalancedAllocation.name
        case .gpuSharing(let kind): kind.pluginName
        }
    }
}

extension GPUPolicyKind {
    /// The policy's Score plugin name in hkust-adsl/kubernetes-scheduler-simulator (`pkg/type/const.go`).
    var pluginName: String {
        switch self {
        case .random: RandomPolicy.name
        case .dotProduct: DotProductPolicy.name
        case .gpuClustering: GpuClusteringPolicy.name
        case .gpuPacking: GpuPackingPolicy.name
        case .bestFit: BestFitPolicy.name
        case .fgd: FGDPolicy.name
        }
    }
}
