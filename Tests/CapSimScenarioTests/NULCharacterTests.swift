import CapSimScenario
import CapSimTestSupport
import Foundation
import Testing

/// Text holding a NUL character is rejected at load time (issue #9): the result store, through SQLite's text
/// functions, would keep only the part before it, so the stored run would not name what was simulated.
@Suite struct NULCharacterTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    @Test(
        "a NUL in a scenario's text is an error naming the key path and line",
        arguments: [
            (1, #"name: "quick\0start""#, "name", 1, #"quick\0start"#),
            (1, "name: t\ndescription: \"a\\0b\"", "description", 2, #"a\0b"#),
            (10, #"  - name: "w\0""#, "workloads[0].name", 10, #"w\0"#),
            (4, #"    - name: "a\0b""#, "cluster.nodePools[0].name", 4, #"a\0b"#),
        ])
    func rejected(_ replaced: Int, _ text: String, _ keyPath: String, _ line: Int, _ shown: String) throws {
        let yaml = ScenarioErrorTests.replacing(line: replaced, with: text)

        let error = try #require(throws: ScenarioError.self) { try loader.load(yaml: yaml, path: "scenarios/x.yaml") }

        #expect(error.keyPath == keyPath)
        #expect(error.line == line)
        #expect(error.kind == .invalid)
        #expect(
            error.message
                == "contains a NUL character (\\0), which capsim cannot store; remove it from the text (found \"\(shown)\")"
        )
    }

    @Test("a NUL in a label key is rejected at the labels' key path")
    func labelKey() throws {
        let yaml = ScenarioErrorTests.replacing(line: 5, with: "      count: 2\n      labels: {\"zone\\0x\": a}")

        let error = try #require(throws: ScenarioError.self) { try loader.load(yaml: yaml, path: "scenarios/x.yaml") }

        #expect(error.keyPath == "cluster.nodePools[0].labels")
        #expect(error.message.hasPrefix("contains a NUL character"))
        #expect(error.message.hasSuffix(#"(found "zone\0x")"#))
    }

    @Test("other control characters are kept whole: the reports escape them when printing")
    func otherControlsKept() throws {
        let yaml = ScenarioErrorTests.replacing(line: 1, with: #"name: "\e[2J\e]0;title\a\nx""#)

        let scenario = try loader.load(yaml: yaml, path: "scenarios/x.yaml")

        #expect(scenario.name == "\u{1B}[2J\u{1B}]0;title\u{07}\nx")
    }

    @Test("a NUL in a trace's CSV field is an error naming the column and line")
    func traceField() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pods = try scratch.write(
            "pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,0,0\np\u{0}1,1000,1024,0,0\n")

        let error = try #require(throws: TraceError.self) { try OpenbTrace.loadPods(path: pods) }

        #expect(error.line == 3)
        #expect(error.kind == .invalid)
        #expect(error.message == #"name contains a NUL character (\0), which capsim cannot store; remove it"#)
    }
}
