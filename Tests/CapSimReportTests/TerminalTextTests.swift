import CapSimCore
import CapSimReport
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// Names from a scenario someone else wrote reach no terminal as control characters (issue #9).
@Suite struct TerminalTextTests {
    /// Clears the screen, retitles the terminal window, rings the bell and starts a new line.
    static let hostileName = "\u{1B}[2J\u{1B}]0;title\u{07}evil\nname"

    /// What `hostileName` looks like once escaped.
    static let hostileNameEscaped = #"\e[2J\e]0;title\aevil\nname"#

    /// Whether text holds a scalar that a terminal would act on.
    private func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
        }
    }

    @Test(
        "control, bidi and separator characters become visible escapes; other text is kept",
        arguments: [
            ("plain-name", "plain-name"),
            ("\u{1B}[2J", #"\e[2J"#),
            ("a\nb\r\tc", #"a\nb\r\tc"#),
            ("nul\u{0}here", #"nul\0here"#),
            ("\u{07}\u{08}\u{0B}\u{0C}", #"\a\b\v\f"#),
            ("x\u{1F}y\u{7F}", #"x\u{1f}y\u{7f}"#),
            ("csi\u{9B}2J", #"csi\u{9b}2J"#),
            ("\u{85}next-line", #"\u{85}next-line"#),
            ("abc\u{202E}fed", #"abc\u{202e}fed"#),
            ("\u{2066}iso\u{2069}", #"\u{2066}iso\u{2069}"#),
            ("line\u{2028}sep", #"line\u{2028}sep"#),
            ("训练-é-🚀", "训练-é-🚀"),
            (#"back\slash"#, #"back\slash"#),
        ])
    func escapes(_ text: String, _ expected: String) {
        #expect(TerminalText.escaped(text) == expected)
    }

    @Test("a hostile scenario name stays on its row of the runs table and sends no escape sequence")
    func runsTable() {
        let runs = [
            StoredRun(id: 2, metadata: StoreFixtures.metadata(name: Self.hostileName, seed: 7), jobCount: 3),
            StoredRun(id: 1, metadata: StoreFixtures.metadata(), jobCount: 3),
        ]

        let table = RunsReport.render(runs, format: .table)

        #expect(!hasControls(table))
        #expect(table.split(separator: "\n").count == 4, "header, dashes and one line per run")
        #expect(
            table == """
                id  created (UTC)        scenario                     seed  mode   jobs  wall s
                --  -------------------  ---------------------------  ----  -----  ----  ------
                 2  2026-05-28 20:26:40  \(Self.hostileNameEscaped)     7  timed     3   0.125
                 1  2026-05-28 20:26:40  gpu-burst                      42  timed     3   0.125
                """)
    }

    @Test("the run header line of the summary escapes the scenario name, mode and semantics")
    func summaryHeading() {
        var metadata = StoreFixtures.metadata(name: Self.hostileName)
        metadata.mode = "timed\u{9B}1m"
        let text = SummaryReport.render(metadata: metadata, runID: 3, summary: StoreFixtures.summary, format: .table)

        #expect(!hasControls(text))
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
        #expect(
            firstLine
                == "run 3: \(Self.hostileNameEscaped) (seed 42, timed\\u{9b}1m, kube-scheduler v1.36, 0.125 s wall)")
    }

    @Test("metric names and units in summary and compare tables are escaped")
    func metricNames() {
        let summary = [SummaryMetric(name: "queue\u{1B}[31m_p95\n", value: 1, unit: "s\u{202E}")]
        let text = SummaryReport.render(
            metadata: StoreFixtures.metadata(), runID: nil, summary: summary, format: .table)
        #expect(!hasControls(text))
        #expect(text.hasSuffix(#"queue\e[31m_p95\n      1  s\u{202e}"#))

        let run = StoredRun(id: 1, metadata: StoreFixtures.metadata(), jobCount: 3)
        let comparison = RunComparison.compare([(run, summary), (run, summary)])
        let compare = CompareReport.render(comparison, format: .table)
        #expect(!hasControls(compare))
        #expect(compare.split(separator: "\n").count == 3)
    }

    @Test("JSON output stays valid, gives the exact names back and holds no raw control characters")
    func json() throws {
        let name = Self.hostileName + "\u{0}\u{7F}\u{9B}\u{202E}\u{2028}"
        var metadata = StoreFixtures.metadata(name: name)
        metadata.scenarioDescription = "tab\there"
        let summary = [SummaryMetric(name: "m\u{1B}[0m", value: 1, unit: "u\u{85}")]
        let texts = [
            SummaryReport.render(metadata: metadata, runID: 1, summary: summary, format: .json),
            RunsReport.render([StoredRun(id: 1, metadata: metadata, jobCount: 3)], format: .json),
        ]

        for text in texts {
            #expect(!hasControls(text), "\(text)")
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let run = try #require(
                ((object as? [String: Any])?["run"] as? [String: Any])
                    ?? ((object as? [String: Any])?["runs"] as? [[String: Any]])?.first)
            #expect(run["scenario"] as? String == name)
            #expect(run["scenario_description"] as? String == "tab\there")
        }
        let summaryObject = try #require(
            try JSONSerialization.jsonObject(with: Data(texts[0].utf8)) as? [String: Any])
        #expect(summaryObject["metric_order"] as? [String] == ["m\u{1B}[0m"])
        let metrics = try #require(summaryObject["metrics"] as? [String: [String: Any]])
        #expect(metrics["m\u{1B}[0m"]?["unit"] as? String == "u\u{85}")
    }
}
