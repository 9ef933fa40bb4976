import CapSimCore
import CapSimScenario
import Foundation

// capsim benchmarks: prints figures, asserts nothing. Run from the repository root:
//   swift run -c release --package-path benchmarks capsim-bench [TRACES_DIR]
// TRACES_DIR defaults to $CAPSIM_TRACES or ../shared/traces.

func measure(_ label: String, repeat times: Int = 3, _ body: () throws -> String) rethrows {
    var best = Double.infinity
    var note = ""
    for _ in 0..<times {
        let start = DispatchTime.now().uptimeNanoseconds
        note = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, seconds)
    }
    print(String(format: "%-44@ best of %d: %8.3f s   %@", label as NSString, times, best, note as NSString))
}

// 1. Event queue: 1M schedule + pop.
measure("event queue 1M schedule+pop") {
    var queue = EventQueue<Int32>()
    var random = SeededRandom(seed: 1, stream: "bench")
    for i in 0..<1_000_000 {
        queue.schedule(Int32(truncatingIfNeeded: i), at: SimTime(milliseconds: Int64(random.next() % 1_000_000_000)))
    }
    var checksum: Int64 = 0
    while let event = queue.popNext() { checksum &+= Int64(event.payload) }
    return "checksum \(checksum)"
}

// 2. Timed engine throughput: 200k single-GPU jobs on 500 8-GPU nodes.
measure("timed replay 200k jobs x 500 nodes") {
    let nodes = (0..<500).map {
        NodeSpec(name: "n\($0)", cpuMillicores: 96_000, memoryBytes: 1 << 40, gpuCount: 8, gpuModel: "A100")
    }
    var random = SeededRandom(seed: 7, stream: "bench/jobs")
    var t: Int64 = 0
    let jobs = (0..<200_000).map { i -> JobSpec in
        t += Int64(random.next() % 2_000)
        return JobSpec(
            name: "j\(i)", workload: "w", submitTime: SimTime(milliseconds: t),
            durationMilliseconds: Int64(random.next() % 3_600_000),
            pod: PodTemplate(cpuMillicores: 8000, memoryBytes: 64 << 30, gpuCount: 1))
    }
    let input = SimulationInput(
        cluster: ClusterSpec(pools: [NodePoolSpec(name: "a100", count: 500, pricePerHourUSD: 30)], nodes: nodes),
        jobs: jobs)
    let result = Simulation.run(input)
    return "\(result.eventsProcessed) events, queue p95 \(result.metric("queue_time_p95") ?? -1) s"
}

// 3. openb arrival-only replay, tune 1.3, binpack.
let traces =
    CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["CAPSIM_TRACES"]
    ?? "../shared/traces"
let nodesPath = "\(traces)/openb/openb_node_list_gpu_node.csv"
if FileManager.default.fileExists(atPath: nodesPath) {
    let nodes = try OpenbTrace.loadNodes(path: nodesPath)
    let pods = try OpenbTrace.loadPods(path: "\(traces)/openb/openb_pod_list_default.csv")
    let cluster = ClusterSpec(
        pools: [NodePoolSpec(name: "trace", count: nodes.count, pricePerHourUSD: 0)], nodes: nodes)
    let capacity = cluster.totalGPUs * 1000
    let (jobs, stats) = try OpenbTrace.jobs(
        from: pods, workload: "openb", mode: .arrivalOnly, tune: 1.3, shuffle: true, seed: 42,
        clusterGPUMilli: capacity)
    for profile in [SchedulerConfiguration.binpack, .default] {
        try measure("openb arrival-only tune 1.3 \(profile.profile) (\(jobs.count) pods)") {
            let input = SimulationInput(
                cluster: cluster, scheduler: profile, jobs: jobs, mode: .arrivalOnly, extraSummary: stats)
            let r = Simulation.run(input)
            func m(_ n: String) -> String { String(format: "%.2f", r.metric(n) ?? -1) }
            return "alloc@100 \(m("gpu_allocation_at_100pct_arrived")) @130 \(m("gpu_allocation_at_130pct_arrived")) "
                + "first reject at \(m("first_rejection_arrived"))% arrived"
        }
    }
} else {
    print("openb trace not found under \(traces); pass TRACES_DIR or set CAPSIM_TRACES")
}
