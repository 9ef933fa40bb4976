import CapSimCore
import CapSimReport
import Foundation

/// Draws a one-line progress bar on stderr while `capsim run` simulates and stores a run.
///
/// The line fits the terminal: its width is read before each redraw (`TIOCGWINSZ`, else `$COLUMNS`, else 80) and
/// the line never reaches the last column, so it is rewritten in place instead of wrapping. The scenario name is
/// escaped (`TerminalText`) and cut with `…` when the terminal is narrow. The phases read
///
/// ```
/// adopt-kubernetes [========          ]  42%
/// adopt-kubernetes [==================] storing…
/// adopt-kubernetes [==================] 100%
/// ```
///
/// and `finish()` ends the line with a newline. While the bar is on screen, Ctrl-C (SIGINT) ends the line with
/// a newline and then ends the process through SIGINT's default action (the shell reports status 130), so the
/// shell prompt starts on a line of its own. Nothing is drawn when stderr is not a terminal or `--quiet` is given.
final class TerminalProgress: SimulationObserver {
    /// What the run is doing.
    enum Phase: Equatable {
        /// Simulating, with the whole percent done (0 to 99: 100 % is shown only once the run is stored).
        case simulating(percent: Int)
        /// Writing the run to the result database.
        case storing
        /// Simulated and stored.
        case done
    }

    /// Longest and shortest bar, in columns between the brackets.
    static let barWidths = 10...30
    /// Columns kept for the status after the bar: `storing…` is the widest status.
    static let statusWidth = 8

    private let isEnabled: Bool
    private let label: String
    private let columns: () -> Int
    private let write: (String) -> Void
    private let handlesInterrupt: Bool
    private var lastPhase: Phase?
    private var isLineOpen = false
    private var previousInterruptHandler: (@convention(c) (Int32) -> Void)?
    private var isInterruptHandlerInstalled = false

    /// Creates a progress bar on stderr, drawn only when `enabled` and stderr is a terminal.
    ///
    /// - Parameters:
    ///   - label: The scenario name (untrusted text: it is escaped before drawing).
    ///   - enabled: `false` for `--quiet`.
    convenience init(label: String, enabled: Bool) {
        self.init(
            label: label, enabled: enabled && isatty(STDERR_FILENO) == 1, columns: Self.terminalColumns,
            write: { FileHandle.standardError.write(Data($0.utf8)) }, handlesInterrupt: true)
    }

    /// Creates a progress bar that draws through `write` (for tests).
    ///
    /// - Parameters:
    ///   - label: The scenario name (untrusted text: it is escaped before drawing).
    ///   - enabled: Whether to draw anything.
    ///   - columns: The terminal width, asked before each redraw.
    ///   - write: Receives each redraw.
    ///   - handlesInterrupt: Whether to install the SIGINT handler while the line is open.
    init(
        label: String, enabled: Bool, columns: @escaping () -> Int, write: @escaping (String) -> Void,
        handlesInterrupt: Bool
    ) {
        self.label = TerminalText.escaped(label)
        isEnabled = enabled
        self.columns = columns
        self.write = write
        self.handlesInterrupt = handlesInterrupt
    }

    deinit {
        restoreInterruptHandler()
    }

    // MARK: - Phases

    func progress(_ fraction: Double) {
        let percent = fraction.isFinite ? Int(min(max(fraction, 0), 1) * 100) : 0
        draw(.simulating(percent: min(percent, 99)))
    }

    /// Shows that the run is being written to the database (a save has no progress of its own to report).
    func storing() {
        draw(.storing)
    }

    /// Shows 100 % and ends the line with a newline.
    func finish() {
        draw(.done)
        close()
    }

    /// Ends an open line with a newline, as it stands (for a run that fails after the bar was drawn), and
    /// restores SIGINT's previous handler. Does nothing once the line is closed.
    func close() {
        if isLineOpen {
            write("\n")
            isLineOpen = false
        }
        restoreInterruptHandler()
    }

    private func draw(_ phase: Phase) {
        guard isEnabled, phase != lastPhase else { return }
        lastPhase = phase
        installInterruptHandler()
        isLineOpen = true
        // Return to the line's start, draw, and erase what a longer earlier line left to the right.
        write("\r" + Self.line(label: label, phase: phase, columns: columns()) + "\u{1B}[K")
    }

    // MARK: - Layout

    /// The text of the progress line for a terminal `columns` wide: at most `columns - 1` columns.
    ///
    /// The bar takes what the label leaves, from 10 to 30 columns; a label too long for a 10-column bar is cut
    /// with `…`. Below 24 columns there is no bar, only the label and the status.
    ///
    /// - Parameters:
    ///   - label: Escaped label (no control characters).
    ///   - phase: What to show after the bar.
    ///   - columns: Terminal width.
    /// - Returns: The line, without `\r` or a newline.
    static func line(label: String, phase: Phase, columns: Int) -> String {
        let status: String
        let filledShare: Double
        switch phase {
        case .simulating(let percent):
            let digits = String(percent)
            status = String(repeating: " ", count: max(0, 3 - digits.count)) + digits + "%"
            filledShare = Double(percent) / 100
        case .storing:
            status = "storing…"
            filledShare = 1
        case .done:
            status = "100%"
            filledShare = 1
        }
        // The last column stays empty: writing it leaves some terminals waiting to wrap before the next `\r`.
        let room = max(columns - 1, 0)
        let fixed = 4 + statusWidth  // " [", "] " and the status
        guard room >= fixed + barWidths.lowerBound + 1 else {
            guard room >= statusWidth + 2 else {
                return DisplayWidth.truncated(status, toColumns: room)
            }
            return DisplayWidth.truncated(label, toColumns: room - statusWidth - 1) + " " + status
        }
        let labelWidth = DisplayWidth.of(label)
        let barWidth = min(barWidths.upperBound, max(barWidths.lowerBound, room - fixed - labelWidth))
        let shownLabel = DisplayWidth.truncated(label, toColumns: room - fixed - barWidth)
        let filled = Int((Double(barWidth) * filledShare).rounded(.down))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled)
        return shownLabel + " [" + bar + "] " + status
    }

    /// The width of the terminal on stderr: `TIOCGWINSZ`, else `$COLUMNS`, else 80.
    static func terminalColumns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 {
            return value
        }
        return 80
    }

    // MARK: - Ctrl-C

    /// Installs `endLineAndReraise` for SIGINT, unless SIGINT is ignored (as for a background job).
    private func installInterruptHandler() {
        guard handlesInterrupt, !isInterruptHandlerInstalled else { return }
        let previous = signal(SIGINT, endLineAndReraise)
        if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
            signal(SIGINT, SIG_IGN)
            return
        }
        previousInterruptHandler = previous
        isInterruptHandlerInstalled = true
    }

    private func restoreInterruptHandler() {
        guard isInterruptHandlerInstalled else { return }
        signal(SIGINT, previousInterruptHandler)
        isInterruptHandlerInstalled = false
    }
}

/// SIGINT while the progress line is open: end the line, then die of SIGINT as if no handler were installed.
///
/// Only async-signal-safe calls: `write`, `signal` and `raise`. The signal is blocked while this runs, so the
/// raised one is delivered, with the default action, as the handler returns.
private func endLineAndReraise(_ signalNumber: Int32) {
    var newline: UInt8 = 0x0A
    _ = write(STDERR_FILENO, &newline, 1)
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
