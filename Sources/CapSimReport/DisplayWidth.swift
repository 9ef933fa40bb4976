/// How many terminal columns text occupies, for aligning table columns.
///
/// A simplified `wcwidth`, measured per extended grapheme cluster (`Character`):
/// - 2 columns: East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul syllables,
///   fullwidth forms, ...) and emoji shown as pictures (`Emoji_Presentation`, or followed by U+FE0F);
/// - 0 columns: a cluster made only of combining marks, format characters (such as U+200B or U+200D)
///   and control characters;
/// - 1 column: everything else. A base letter with combining marks (`e` + U+0301) is 1 column.
///
/// Ambiguous-width characters (Greek, Cyrillic, box drawing) count as 1, as in non-CJK locales.
public enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    ///
    /// - Parameter text: Text without newlines or tabs.
    /// - Returns: The display width (`"abc"` → 3, `"日本"` → 4, `"e\u{301}"` → 1).
    public static func of(_ text: String) -> Int {
        var width = 0
        for character in text {
            width += of(character)
        }
        return width
    }

    /// The longest start of `text` that fits in `columns` terminal columns, ending in `…` when cut.
    ///
    /// - Parameters:
    ///   - text: Text without control characters (see `TerminalText.escaped(_:)`).
    ///   - columns: Columns available; 0 or fewer gives `""`.
    /// - Returns: `text` when it fits, otherwise whole characters from its start and `…`, at most `columns` wide
    ///   (`truncated("scenario", toColumns: 5)` → `scen…`; a wide character that would straddle the limit is left
    ///   out).
    /// - Complexity: O(*n*) in the length of `text`.
    public static func truncated(_ text: String, toColumns columns: Int) -> String {
        guard of(text) > columns else {
            return text
        }
        guard columns > 0 else {
            return ""
        }
        var result = ""
        var width = 0
        for character in text {
            let next = of(character)
            if width + next > columns - 1 {
                break
            }
            result.append(character)
            width += next
        }
        return result + "…"
    }

    /// The number of terminal columns one character (grapheme cluster) occupies: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.contains(where: isWide) || (scalars.count > 1 && scalars.contains("\u{FE0F}")) {
            return 2
        }
        return scalars.allSatisfy(isZeroWidth) ? 0 : 1
    }

    /// Whether a scalar is East Asian Wide or Fullwidth, or an emoji with default picture presentation.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation {
            return true
        }
        let value = scalar.value
        return wideRanges.contains { $0.contains(value) }
    }

    /// Whether a scalar takes no column of its own: combining marks, format and control characters.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return true
        default:
            // Hangul medial vowels and final consonants join the preceding initial consonant.
            return (0x1160...0x11FF).contains(scalar.value)
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, from Unicode's EastAsianWidth.txt (emoji are handled
    /// through `isEmojiPresentation`).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed
        0x3400...0x4DBF,  // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK Compatibility Ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth ASCII and punctuation
        0xFFE0...0xFFE6,  // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x17000...0x18CFF,  // Tangut, Khitan
        0x1B000...0x1B2FF,  // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK Unified Ideographs Extensions B to F, compatibility supplement
        0x30000...0x3FFFD,  // CJK Unified Ideographs Extension G and later
    ]
}
