import CapSimReport
import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `capsim run` with stderr on a pseudo-terminal (issue #9): the progress line fits a 40-column terminal, shows
/// the storing phase, ends at 100 % with a newline, and ends its line when Ctrl-C stops the run.
@Suite struct RunProgressTests {
    /// The lines as they stand on screen: split at `\r` and `\n`, without the erase-to-end-of-line escapes.
    private static func screenLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\u{1B}[K", with: "").split(whereSeparator: { $0 == "\r" || $0 == "\n" })
            .map(String.init)
    }

    @Test("capsim run on a 40-column terminal: no line wraps, storing… is shown, it ends at 100 % and a newline")
    func onTerminal() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // The quickstart scenario under a long name that also tries to clear the screen.
        let quickstart = try String(contentsOfFile: TestPaths.scenario("quickstart.yaml"), encoding: .utf8)
        let scenario = try scratch.write(
            "long.yaml",
            quickstart.replacingOccurrences(
                of: "name: quickstart", with: #"name: "\e[2Jquickstart-with-a-name-far-too-long-for-the-pane""#))
        let terminal = try PseudoTerminal(columns: 40)

        try terminal.launch(["run", scenario, "--db", scratch.path("results.sqlite")], stdoutPath: scratch.path("out"))
        let termination = terminal.waitForExit()

        let output = terminal.output
        #expect(termination == .exited(0), "\(output)")
        let lines = Self.screenLines(output)
        #expect(lines.count >= 3, "\(output)")
        for line in lines {
            #expect(DisplayWidth.of(line) <= 39, "\(line)")
            #expect(line.hasPrefix(#"\e[2Jquickstart-…"#), "\(line)")
        }
        #expect(lines.contains { $0.hasSuffix("] storing…") }, "\(output)")
        #expect(output.hasSuffix("] 100%\u{1B}[K\n"), "\(output)")
        #expect(!output.replacingOccurrences(of: "\u{1B}[K", with: "").contains("\u{1B}"), "\(output)")
    }

    @Test("Ctrl-C during the run: the progress line ends with a newline and capsim dies of SIGINT (130)")
    func interrupted() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let terminal = try PseudoTerminal(columns: 80)

        // adopt-kubernetes simulates for seconds: the signal comes as soon as the bar is first drawn.
        try terminal.launch(
            ["run", TestPaths.scenario("adopt-kubernetes.yaml"), "--db", scratch.path("results.sqlite")],
            stdoutPath: scratch.path("out"))
        #expect(terminal.waitFor("%\u{1B}[K"), "\(terminal.output)")
        kill(terminal.processIdentifier, SIGINT)
        let termination = terminal.waitForExit()

        let output = terminal.output
        #expect(termination == .signaled(SIGINT), "a shell reports 128 + 2 = 130: \(output)")
        #expect(output.hasSuffix("%\u{1B}[K\n"), "\(output)")
        #expect(!output.contains("100%"), "\(output)")
        let stored =
            scratch.exists("results.sqlite") ? try ResultStore(path: scratch.path("results.sqlite")).runs() : []
        #expect(stored.isEmpty)
    }
}
