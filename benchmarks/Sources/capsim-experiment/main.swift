import CapSimCore
import CapSimScenario
import Foundation
import Synchronization

// Reproduces the openb packing experiments of the ATC'23 FGD paper (Weng et al., "Beware of Fragmentation") and
// prints our means beside the published ones. Run from the repository root:
//   swift run -c release --package-path benchmarks capsim-experiment [TRACES_DIR] [--workloads a,b] [--policies
//     FGD,BestFit] [--seeds 42-51] [--jobs N] [--csv FILE] [--file-node-order]
// TRACES_DIR defaults to $CAPSIM_TRACES or ../shared/traces. The matrix is the paper's: workloads default, cpu050,
// gpushare40, multigpu20 × the six policies × seeds 42...51, arrival-only, tune 1.3, shuffled, gpu_node list.
// Published means are averaged over the 10 seeds of expected_results/analysis_{allo,frag}_discrete.csv.

struct Options {
    var traces = ProcessInfo.processInfo.environment["CAPSIM_TRACES"] ?? "../shared/traces"
    var workloads = ["default", "cpu050", "gpushare40", "multigpu20"]
    var policies = GPUPolicyKind.allCases
    var seeds = Array(UInt64(42)...51)
    var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var csv: String?
    /// Node order, which decides ties (first feasible node wins): shuffled per seed (default, `OpenbTrace.
    /// shuffledNodes`, the same as `cluster.trace.shuffleNodes: true`), as the reference renames nodes with random
    /// `%04d-` prefixes before its scheduler walks them by name; or the file's order.
    var shufflesNodes = true

    init(arguments: [String]) {
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--workloads": workloads = (rest.popFirst() ?? "").split(separator: ",").map(String.init)
            case "--policies":
                policies = (rest.popFirst() ?? "").split(separator: ",").compactMap {
                    GPUPolicyKind(rawValue: String($0))
                }
            case "--seeds":
                let text = rest.popFirst() ?? ""
                let bounds = text.split(separator: "-").compactMap { UInt64($0) }
                seeds = bounds.count == 2 ? Array(bounds[0]...bounds[1]) : bounds
            case "--jobs": jobs = max(1, Int(rest.popFirst() ?? "") ?? jobs)
            case "--csv": csv = rest.popFirst()
            case "--file-node-order": shufflesNodes = false
            default: traces = arg
            }
        }
    }
}

/// Published policy directory names in expected_results.
let publishedName: [GPUPolicyKind: String] = [
    .random: "01-Random", .dotProduct: "02-DotProd", .gpuClustering: "03-GpuClustering",
    .gpuPacking: "04-GpuPacking", .bestFit: "05-BestFit", .fgd: "06-FGD",
]
let points = [100, 110, 120, 130]

struct RunKey: Hashable, Sendable {
    var workload: String
    var policy: GPUPolicyKind
    var seed: UInt64
}

struct RunValues: Sendable {
    var allocation: [Double]
    var fragmentation: [Double]
    var seconds: Double
    var placed: Double
}

/// Means over seeds of the published curves at `points`, keyed by workload and policy directory name.
func publishedMeans(path: String) throws -> [String: [Double]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    guard !lines.isEmpty else { return [:] }
    let header = lines.removeFirst().map(String.init)
    let columns = points.map { k in header.firstIndex(of: String(k)) ?? -1 }
    var sums: [String: [Double]] = [:]
    var counts: [String: Int] = [:]
    for row in lines where row.count == header.count {
        let key = "\(row[0])|\(row[1])"
        var values = sums[key] ?? Array(repeating: 0, count: points.count)
        for (i, c) in columns.enumerated() where c >= 0 { values[i] += Double(row[c]) ?? 0 }
        sums[key] = values
        counts[key, default: 0] += 1
    }
    return sums.mapValues { $0 }.reduce(into: [:]) { out, item in
        out[item.key] = item.value.map { $0 / Double(counts[item.key] ?? 1) }
    }
}

let options = Options(arguments: Array(CommandLine.arguments.dropFirst()))
let openb = "\(options.traces)/openb"
let nodes = try OpenbTrace.loadNodes(path: "\(openb)/openb_node_list_gpu_node.csv")
let cluster = ClusterSpec(pools: [NodePoolSpec(name: "openb", count: nodes.count, pricePerHourUSD: 0)], nodes: nodes)
let capacity = cluster.totalGPUs * 1000
var podsByWorkload: [String: [OpenbPod]] = [:]
for w in options.workloads {
    podsByWorkload[w] = try OpenbTrace.loadPods(path: "\(openb)/openb_pod_list_\(w).csv")
}
let pods = podsByWorkload

var keys: [RunKey] = []
for w in options.workloads {
    for p in options.policies {
        for s in options.seeds { keys.append(RunKey(workload: w, policy: p, seed: s)) }
    }
}
let runKeys = keys
print(
    "capsim-experiment: \(runKeys.count) runs on \(options.jobs) threads, \(nodes.count) nodes, \(capacity / 1000) GPUs"
)

let results = Mutex<[RunKey: RunValues]>([:])
let failures = Mutex<[String]>([])
let next = Atomic<Int>(0)
let wallStart = DispatchTime.now().uptimeNanoseconds
DispatchQueue.concurrentPerform(iterations: options.jobs) { _ in
    while true {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if i >= runKeys.count { return }
        let key = runKeys[i]
        do {
            let (jobs, stats) = try OpenbTrace.jobs(
                from: pods[key.workload] ?? [], workload: key.workload, mode: .arrivalOnly, tune: 1.3, shuffle: true,
                seed: key.seed, clusterGPUMilli: capacity)
            var runCluster = cluster
            if options.shufflesNodes { runCluster.nodes = OpenbTrace.shuffledNodes(cluster.nodes, seed: key.seed) }
            let input = SimulationInput(
                cluster: runCluster, scheduler: .gpuSharing(key.policy), jobs: jobs, mode: .arrivalOnly,
                extraSummary: stats, seed: key.seed)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = Simulation.run(input)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let values = RunValues(
                allocation: points.map { result.metric("gpu_allocation_at_\($0)pct_arrived") ?? .nan },
                fragmentation: points.map { result.metric("gpu_fragmentation_at_\($0)pct_arrived") ?? .nan },
                seconds: seconds, placed: result.metric("pods_placed") ?? .nan)
            results.withLock { $0[key] = values }
            if ProcessInfo.processInfo.environment["CAPSIM_EXPERIMENT_VERBOSE"] != nil {
                let names = [
                    "first_rejection_arrived", "gpu_allocation_at_90pct_arrived", "pods_rejected",
                    "cpu_allocation_final", "memory_allocation_final",
                ]
                let text = names.map { "\($0)=\(String(format: "%.2f", result.metric($0) ?? .nan))" }
                print("\(key.workload) \(key.policy.rawValue) \(key.seed): \(text.joined(separator: " "))")
            }
        } catch {
            failures.withLock { $0.append("\(key.workload) \(key.policy.rawValue) \(key.seed): \(error)") }
        }
    }
}
let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
let all = results.withLock { $0 }
for f in failures.withLock({ $0 }) { print("FAILED \(f)") }

let publishedAllocation = (try? publishedMeans(path: "\(openb)/expected_results/analysis_allo_discrete.csv")) ?? [:]
let publishedFragmentation = (try? publishedMeans(path: "\(openb)/expected_results/analysis_frag_discrete.csv")) ?? [:]

func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
func f2(_ x: Double) -> String { x.isNaN ? "   -  " : String(format: "%6.2f", x) }
func sd(_ x: Double) -> String { x.isNaN ? "   -  " : String(format: "%+6.2f", x) }

var csvRows = ["workload,policy,metric,arrived_pct,ours,published,diff"]
var outside = 0
for w in options.workloads {
    print(
        "\n## \(w)  (mean over seeds \(options.seeds.first ?? 0)...\(options.seeds.last ?? 0); ours / published / diff)"
    )
    print(
        "policy          | alloc@100       | alloc@110       | alloc@120       | alloc@130 ours  pub   diff | "
            + "frag@100      | frag@130 ours  pub   diff | s/run")
    for p in options.policies {
        let runs = options.seeds.compactMap { all[RunKey(workload: w, policy: p, seed: $0)] }
        let alloc = points.indices.map { i in mean(runs.map { $0.allocation[i] }) }
        let frag = points.indices.map { i in mean(runs.map { $0.fragmentation[i] }) }
        let key = "openb_pod_list_\(w)|\(publishedName[p] ?? "")"
        let pa = publishedAllocation[key] ?? Array(repeating: .nan, count: points.count)
        let pf = publishedFragmentation[key] ?? Array(repeating: .nan, count: points.count)
        let seconds = mean(runs.map(\.seconds))
        var line = p.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0) + " |"
        for i in 0..<3 { line += " \(f2(alloc[i])) \(f2(pa[i])) |" }
        line += " \(f2(alloc[3])) \(f2(pa[3])) \(sd(alloc[3] - pa[3])) |"
        line += " \(f2(frag[0])) \(f2(pf[0])) |"
        line += " \(f2(frag[3])) \(f2(pf[3])) \(sd(frag[3] - pf[3])) | \(String(format: "%.2f", seconds))"
        if abs(alloc[3] - pa[3]) > 0.5 || abs(frag[3] - pf[3]) > 0.5 { line += "  *"; outside += 1 }
        print(line)
        for (i, k) in points.enumerated() {
            csvRows.append("\(w),\(p.rawValue),allocation,\(k),\(alloc[i]),\(pa[i]),\(alloc[i] - pa[i])")
            csvRows.append("\(w),\(p.rawValue),fragmentation,\(k),\(frag[i]),\(pf[i]),\(frag[i] - pf[i])")
        }
    }
    let order = options.policies.sorted { a, b in
        let x = mean(options.seeds.compactMap { all[RunKey(workload: w, policy: a, seed: $0)]?.allocation[3] })
        let y = mean(options.seeds.compactMap { all[RunKey(workload: w, policy: b, seed: $0)]?.allocation[3] })
        return x > y
    }
    let publishedOrder = options.policies.sorted { a, b in
        (publishedAllocation["openb_pod_list_\(w)|\(publishedName[a] ?? "")"]?[3] ?? 0)
            > (publishedAllocation["openb_pod_list_\(w)|\(publishedName[b] ?? "")"]?[3] ?? 0)
    }
    print("order at 130%: ours \(order.map(\.rawValue).joined(separator: " > "))")
    print("         published \(publishedOrder.map(\.rawValue).joined(separator: " > "))")
}
print(
    "\n\(all.count) runs in \(String(format: "%.1f", wall)) s wall; \(outside) policy x workload cells outside "
        + "+/-0.5 points at 130% (marked *)")
if let csv = options.csv {
    try csvRows.joined(separator: "\n").appending("\n").write(toFile: csv, atomically: true, encoding: .utf8)
    print("wrote \(csv)")
}
