/// Makes untrusted text safe to print on a terminal by turning control characters into visible escapes.
///
/// Scenario names and descriptions, workload, job and node names, reasons and metric names come from files
/// that someone else may have written. Printed as they are, an escape sequence in a name can clear the screen,
/// retitle the terminal window or rewrite what was printed before it, and a newline breaks a table apart.
/// `escaped(_:)` keeps every other character as it is and writes these as escapes, in Swift's spelling:
///
/// - C0 controls (U+0000 to U+001F): `\0`, `\a`, `\b`, `\t`, `\n`, `\v`, `\f`, `\r`, `\e` (ESC), otherwise
///   `\u{1f}`;
/// - DEL (U+007F) and the C1 controls (U+0080 to U+009F, U+009B being a one-byte CSI): `\u{7f}`, `\u{9b}`;
/// - the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) and the
///   direction marks (U+200E, U+200F, U+061C), which reorder what follows them on screen ("Trojan Source");
/// - the line and paragraph separators (U+2028, U+2029), which some terminals treat as a new line.
///
/// A backslash is kept as it is, so `a\nb` written with a real backslash looks the same as an escaped newline;
/// the aim is a terminal that stays in the state the report left it in, not a reversible encoding (JSON output
/// is the reversible form).
public enum TerminalText {
    /// The text with every control, bidirectional-formatting and line-separator character written as an escape.
    ///
    /// - Parameter text: Untrusted text.
    /// - Returns: Text without such characters (`"a\u{1B}[2Jb"` → `a\e[2Jb`); `text` itself when it has none.
    /// - Complexity: O(*n*) in the length of `text`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += escape(for: scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `escaped(_:)` rewrites a scalar.
    ///
    /// - Parameter scalar: A Unicode scalar.
    /// - Returns: `true` for C0, DEL, C1, bidirectional formatting characters and line or paragraph separators.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) {
            return true
        }
        return value >= 0x061C && bidiAndSeparators.contains(value)
    }

    /// Bidirectional marks, embeddings, overrides and isolates, and the line and paragraph separators.
    private static let bidiAndSeparators: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
        0x2069,
    ]

    /// The visible escape for a scalar that `needsEscape` accepts.
    private static func escape(for scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00: return "\\0"
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0B: return "\\v"
        case 0x0C: return "\\f"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        default: return "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
}
