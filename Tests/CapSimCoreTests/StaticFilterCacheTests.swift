import Testing

@testable import CapSimCore

/// Issue #10: the node bit sets of `StaticFilterCache` say exactly what NodeAffinity and TaintToleration say, for
/// every node and every pod shape; `RunningPriorities` keeps the lowest running priority.
@Suite struct StaticFilterCacheTests {
    /// 40 nodes with labels from two zones and three pools, some tainted.
    static func nodes() -> [NodeSpec] {
        (0..<40).map { i in
            var spec = node("n\(i)", cpu: 8000, memory: 32 * GiB, gpus: i % 3 == 0 ? 0 : 4)
            spec.labels = ["zone": i % 2 == 0 ? "a" : "b", "pool": ["x", "y", "z"][i % 3]]
            if i % 4 == 1 { spec.taints = [Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule)] }
            if i % 5 == 2 { spec.taints.append(Taint(key: "spot", effect: .noExecute)) }
            if i % 7 == 3 { spec.taints.append(Taint(key: "soft", effect: .preferNoSchedule)) }
            return spec
        }
    }

    /// Pod shapes: selectors, tolerations (Equal, Exists, wildcard) and required affinity, alone and combined.
    static let templates: [PodTemplate] = [
        PodTemplate(cpuMillicores: 100),
        PodTemplate(cpuMillicores: 100, nodeSelector: ["zone": "a"]),
        PodTemplate(cpuMillicores: 100, nodeSelector: ["zone": "b", "pool": "y"]),
        PodTemplate(
            cpuMillicores: 100,
            tolerations: [Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noSchedule)]),
        PodTemplate(cpuMillicores: 100, tolerations: [Toleration(key: "", operator: .exists)]),
        PodTemplate(
            cpuMillicores: 100, nodeSelector: ["pool": "z"],
            tolerations: [Toleration(key: "spot", operator: .exists, effect: .noExecute)]),
        PodTemplate(
            cpuMillicores: 100,
            nodeAffinity: NodeAffinity(required: [
                NodeSelectorTerm(matchExpressions: [
                    NodeSelectorRequirement(key: "pool", operator: .in, values: ["x", "y"])
                ])
            ])),
    ]

    @Test("every node of every shape: the bit set agrees with filterIgnoringStatus")
    func agreesWithFilters() {
        let state = ClusterState(spec: cluster(Self.nodes()))
        var cache = StaticFilterCache()
        var ids: [Int32] = []
        for template in Self.templates {
            var pod = CompiledPod(template, models: state.gpuModels)
            pod.staticShape = cache.classify(pod, state: state)
            ids.append(pod.staticShape)
            var admitted = 0
            for n in 0..<state.nodeCount {
                let expected = StaticNodeFilters.filterIgnoringStatus(pod, node: n, state: state) == nil
                #expect(cache.admits(pod.staticShape, node: n) == expected, "node \(n), \(template)")
                if expected { admitted += 1 }
            }
            #expect(cache.admitsAll[Int(pod.staticShape)] == (admitted == state.nodeCount))
        }
        #expect(ids == Array(0..<Int32(Self.templates.count)), "each template is its own shape")
        // Without selectors or tolerations only untainted nodes (i % 4 != 1, i % 5 != 2; PreferNoSchedule does not
        // filter) pass: 40 - 10 - 8 + 2 (i = 17, 37 are both) = 24.
        let plain = CompiledPod(Self.templates[0], models: state.gpuModels)
        #expect((0..<40).filter { cache.admits(cache.classify(plain, state: state), node: $0) }.count == 24)
        // The same shape again (another pod, other requests) gets the same id.
        var again = CompiledPod(PodTemplate(cpuMillicores: 900, nodeSelector: ["zone": "a"]), models: state.gpuModels)
        again.staticShape = cache.classify(again, state: state)
        #expect(again.staticShape == ids[1])
    }

    @Test("RunningPriorities: the lowest running priority as pods start and stop")
    func runningPriorities() {
        var running = RunningPriorities()
        #expect(running.lowest == nil)
        running.add(10)
        running.add(-5)
        running.add(10)
        running.add(0)
        #expect(running.lowest == -5)
        running.remove(-5)
        #expect(running.lowest == 0)
        running.remove(0)
        running.remove(10)
        #expect(running.lowest == 10)
        running.remove(10)
        #expect(running.lowest == nil)
    }
}
