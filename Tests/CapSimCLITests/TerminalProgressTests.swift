import CapSimReport
import CapSimTestSupport
import Foundation
import Testing

@testable import capsim

/// The progress bar of `capsim run` (issue #9): fits the terminal, shows the storing phase, ends at 100 % with
/// a newline, and ends its line on Ctrl-C.
@Suite struct TerminalProgressTests {
    /// What a `TerminalProgress` wrote, redraw by redraw.
    private final class Recorder: @unchecked Sendable {
        var writes: [String] = []
        var columns = 40
    }

    private func progress(_ label: String, _ recorder: Recorder) -> TerminalProgress {
        TerminalProgress(
            label: label, enabled: true, columns: { recorder.columns }, write: { recorder.writes.append($0) },
            handlesInterrupt: false)
    }

    @Test(
        "the line never reaches the terminal's last column, at any width and phase",
        arguments: [1, 5, 10, 20, 23, 24, 30, 40, 41, 80, 120, 200])
    func fitsWidth(_ columns: Int) {
        let phases: [TerminalProgress.Phase] = [.simulating(percent: 0), .simulating(percent: 42), .storing, .done]
        for label in ["adopt-kubernetes", "a", "", "训练集群-一个很长很长很长很长很长的名字", String(repeating: "x", count: 300)] {
            for phase in phases {
                let line = TerminalProgress.line(label: label, phase: phase, columns: columns)
                #expect(DisplayWidth.of(line) <= max(columns - 1, 0), "\(columns) columns: \(line)")
            }
        }
    }

    @Test("40 and 120 columns: the bar and the status fit, a long label is cut with …")
    func layouts() {
        let label = "adopt-kubernetes-with-a-long-name"
        #expect(
            TerminalProgress.line(label: label, phase: .simulating(percent: 42), columns: 40)
                == "adopt-kubernetes… [====      ]  42%")
        #expect(
            TerminalProgress.line(label: label, phase: .storing, columns: 40)
                == "adopt-kubernetes… [==========] storing…")
        #expect(
            TerminalProgress.line(label: label, phase: .done, columns: 120)
                == "adopt-kubernetes-with-a-long-name [==============================] 100%")
        #expect(TerminalProgress.line(label: label, phase: .simulating(percent: 7), columns: 20) == "adopt-kub…   7%")
    }

    @Test("phases: simulating up to 99 %, storing…, then 100 % and a newline")
    func phases() {
        let recorder = Recorder()
        let bar = progress("quickstart", recorder)

        bar.progress(0)
        bar.progress(0.001)  // same percent: no redraw
        bar.progress(0.5)
        bar.progress(1)
        bar.storing()
        bar.finish()
        bar.close()  // already closed: nothing more

        #expect(
            recorder.writes == [
                "\rquickstart [                 ]   0%\u{1B}[K",
                "\rquickstart [========         ]  50%\u{1B}[K",
                "\rquickstart [================ ]  99%\u{1B}[K",
                "\rquickstart [=================] storing…\u{1B}[K",
                "\rquickstart [=================] 100%\u{1B}[K",
                "\n",
            ])
    }

    @Test("the label is escaped: an escape sequence or newline in the scenario name is drawn as text")
    func escapedLabel() {
        let recorder = Recorder()
        recorder.columns = 120
        let bar = progress("\u{1B}[2J\u{1B}]0;title\u{07}x\ny", recorder)

        bar.progress(0.25)

        let drawn = recorder.writes.joined()
        #expect(drawn.hasPrefix(#"\r\e[2J\e]0;title\ax\ny ["#.replacingOccurrences(of: #"\r"#, with: "\r")))
        #expect(!drawn.dropFirst().dropLast(3).unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("a run that fails after drawing ends the line as it stands; a disabled bar writes nothing")
    func closeAndDisabled() {
        let recorder = Recorder()
        let bar = progress("q", recorder)
        bar.progress(0.3)
        bar.storing()
        bar.close()
        #expect(recorder.writes.last == "\n")
        #expect(!recorder.writes.joined().contains("100%"))

        let quiet = Recorder()
        let disabled = TerminalProgress(
            label: "q", enabled: false, columns: { 40 }, write: { quiet.writes.append($0) }, handlesInterrupt: false)
        disabled.progress(0.5)
        disabled.storing()
        disabled.finish()
        #expect(quiet.writes.isEmpty)
    }
}
