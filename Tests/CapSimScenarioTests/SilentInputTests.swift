import CapSimCore
import CapSimScenario
import CapSimTestSupport
import Foundation
import Testing

/// Issue #9 defects 4 and 6: input that used to be accepted silently wrong, or that exhausted memory.
@Suite struct SilentInputTests {
    private static let header = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,creation_time,deletion_time\n"
    private static let nodes = "sn,cpu_milli,memory_mib,gpu,model\nn1,96000,786432,8,V100M32\n"

    /// Loads a scenario whose traces are in a scratch folder.
    private func load(_ yaml: String, files: [String: String]) throws -> LoadedScenario {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for (name, text) in files { _ = try scratch.write(name, text) }
        return try ScenarioLoader(tracesDirectory: scratch.url.path).load(yaml: yaml, path: "s.yaml")
    }

    private func timed(_ pods: String) -> (String, [String: String]) {
        let yaml = """
            name: t
            cluster: {trace: {format: openb, nodes: nodes.csv}}
            workloads: [{name: w, trace: {format: openb, pods: pods.csv}}]
            """
        return (yaml, ["nodes.csv": Self.nodes, "pods.csv": Self.header + pods])
    }

    @Test(
        "startTime 2026-02-30 is an error, not 2026-03-02",
        arguments: [
            ("2026-02-30T00:00:00Z", "has day 30; 2026-02 has 28 days"),
            ("2024-02-30T00:00:00Z", "has day 30; 2024-02 has 29 days"),
            ("2026-04-31T00:00:00Z", "has day 31; 2026-04 has 30 days"),
        ])
    func impossibleDates(text: String, expected: String) {
        let yaml = """
            name: t
            duration: 1d
            startTime: \(text)
            cluster: {nodePools: [{name: a, count: 1, cpu: "8", memory: 32Gi}]}
            workloads: [{name: w, requests: {cpu: "1"}, duration: 1h, arrivals: {at: [0s]}}]
            """
        #expect {
            try load(yaml, files: [:])
        } throws: { "\($0)".contains("startTime: \"\(text)\" \(expected)") }
        #expect(throws: Never.self) {
            try load(yaml.replacingOccurrences(of: text, with: "2024-02-29T23:59:59Z"), files: [:])
        }
    }

    @Test("a trace pod deleted before it was created is an error naming the line")
    func deletionBeforeCreation() {
        let (yaml, files) = timed("p1,1000,1024,0,0,,100,50\n")
        #expect {
            try load(yaml, files: files)
        } throws: { "\($0)".contains("pods.csv:2") && "\($0)".contains("deletion_time 50 is before creation_time 100") }
    }

    @Test("duplicate pod and node names in a trace are errors naming both lines")
    func duplicates() {
        let (yaml, files) = timed("p1,1000,1024,0,0,,0,50\np2,1000,1024,0,0,,0,50\np1,1000,1024,0,0,,0,50\n")
        #expect {
            try load(yaml, files: files)
        } throws: {
            "\($0)".contains("pods.csv:4")
                && "\($0)".contains("pod name \"p1\" (column name) already appears on line 2")
        }
        var twoNodes = files
        twoNodes["nodes.csv"] = Self.nodes + "n1,96000,786432,8,V100M32\n"
        #expect {
            try load(yaml, files: twoNodes)
        } throws: { "\($0)".contains("node name \"n1\" (column sn) already appears on line 2") }
    }

    @Test("trace.tune is bounded: 1300 (a typo of 1.3) is an error naming the limit")
    func tuneBound() {
        let yaml = """
            name: t
            mode: arrival-only
            cluster: {trace: {format: openb, nodes: nodes.csv}}
            workloads: [{name: w, trace: {format: openb, pods: pods.csv, tune: 1300}}]
            """
        #expect {
            try load(yaml, files: ["nodes.csv": Self.nodes, "pods.csv": Self.header + "p1,1000,1024,1,1000,,0,50\n"])
        } throws: { "\($0)".contains("tune: 1300.0 is too large: at most 10 (1000 % of the cluster's GPU capacity)") }
    }
}
