import CapSimCore
import CapSimScenario
import CapSimTestSupport
import Foundation
import Testing

@Suite struct ShuffleNodesTests {
    /// A traces folder with a 16-node openb node list and a 2-pod list, in a fresh temporary directory.
    private static func makeTraces() throws -> String {
        let dir = try ScratchDirectory()
        var nodes = "sn,cpu_milli,memory_mib,gpu,model\n"
        for i in 0..<16 {
            nodes += "openb-node-\(String(format: "%04d", i)),64000,262144,\(i % 2 == 0 ? 8 : 2),V100M16\n"
        }
        try dir.write("nodes.csv", nodes)
        try dir.write("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,500\np1,2000,2048,0,0\n")
        return dir.url.path
    }

    private static func yaml(seed: UInt64, shuffle: String?) -> String {
        let option = shuffle.map { "\n    shuffleNodes: \($0)" } ?? ""
        return """
            name: shuffle-nodes
            seed: \(seed)
            mode: arrival-only
            cluster:
              trace:
                format: openb
                nodes: nodes.csv\(option)
            workloads:
              - name: w
                trace: {format: openb, pods: pods.csv}
            """
    }

    private static func nodeNames(_ loader: ScenarioLoader, seed: UInt64, shuffle: String?) throws -> [String] {
        try loader.load(yaml: yaml(seed: seed, shuffle: shuffle), path: "s.yaml").input.cluster.nodes.map(\.name)
    }

    @Test("cluster.trace.shuffleNodes reorders the nodes per seed, deterministically; default keeps file order")
    func shufflesPerSeed() throws {
        let traces = try Self.makeTraces()
        defer { try? FileManager.default.removeItem(atPath: traces) }
        let loader = ScenarioLoader(tracesDirectory: traces)
        let fileOrder = (0..<16).map { "openb-node-\(String(format: "%04d", $0))" }
        #expect(try Self.nodeNames(loader, seed: 42, shuffle: nil) == fileOrder)
        #expect(try Self.nodeNames(loader, seed: 42, shuffle: "false") == fileOrder)

        let a = try Self.nodeNames(loader, seed: 42, shuffle: "true")
        #expect(a != fileOrder)
        #expect(a.sorted() == fileOrder)
        #expect(try Self.nodeNames(loader, seed: 42, shuffle: "true") == a)
        let b = try Self.nodeNames(loader, seed: 43, shuffle: "true")
        #expect(b != a)
        #expect(b.sorted() == fileOrder)

        // The scenario option and the harness share one code path (stream `nodes/shuffle`).
        let specs = try OpenbTrace.loadNodes(path: traces + "/nodes.csv")
        #expect(OpenbTrace.shuffledNodes(specs, seed: 42).map(\.name) == a)
        // Node shapes travel with their names.
        let shuffled = try loader.load(yaml: Self.yaml(seed: 42, shuffle: "true"), path: "s.yaml").input.cluster
        for node in shuffled.nodes {
            let index = Int(node.name.suffix(4)) ?? -1
            #expect(node.gpuCount == (index % 2 == 0 ? 8 : 2))
        }
    }

    @Test("cluster.trace.shuffleNodes must be a boolean")
    func rejectsNonBoolean() throws {
        let traces = try Self.makeTraces()
        defer { try? FileManager.default.removeItem(atPath: traces) }
        let loader = ScenarioLoader(tracesDirectory: traces)
        #expect(throws: (any Error).self) { try Self.nodeNames(loader, seed: 1, shuffle: "sometimes") }
    }
}
