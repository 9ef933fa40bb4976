/// Parses and prints human-written durations as exact integer milliseconds.
///
/// Accepted text: one or more `<number><unit>` parts in Go style (`1h30m`, `2d3h`), where the number may
/// have a decimal point (`1.5h`) and the unit is one of `ms`, `s`, `m` (minutes), `h`, `d` (24 h) or
/// `w` (7 d); or a bare number alone, meaning seconds (`90` = 90 s). Units are lowercase. Surrounding
/// whitespace is ignored. Decimals are computed exactly and rounded half up to the nearest millisecond.
public enum DurationParser {
    /// Units by name, longest names first so `ms` wins over `m`.
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]

    /// At most this many digits after a decimal point; keeps the arithmetic exact in `Int128`.
    private static let maxFractionDigits = 18

    private static let allowedText =
        "use <number><unit> parts such as 250ms, 90s, 15m, 4h, 7d, 1w, 1.5h or 1h30m, "
        + "or a bare number of seconds such as 90"

    /// Parses a duration such as `250ms`, `1.5h`, `1h30m` or `90` (seconds).
    ///
    /// - Parameter text: The duration text.
    /// - Returns: The duration in milliseconds, rounded half up when a decimal leaves a fraction of a millisecond.
    /// - Throws: `DurationError.malformed` for empty text, unknown units (`5x`) or a number without a unit
    ///   inside a compound duration; `.negative` for a leading minus sign; `.tooLarge` when the result
    ///   exceeds `SimTime.maximumMilliseconds` (2^62 - 1 ms, about 146 million years).
    public static func milliseconds(_ text: String) throws(DurationError) -> Int64 {
        let trimmed = trimmingWhitespace(text)
        let bytes = Array(trimmed.utf8)
        guard !bytes.isEmpty else {
            throw .malformed(text: text, reason: "it is empty; \(allowedText)")
        }
        if bytes[0] == UInt8(ascii: "-") { throw .negative(text: text) }

        // Total in units of 10^-18 ms: exact for every accepted input that fits in Int64 ms.
        let scale = pow10(maxFractionDigits)
        var total: Int128 = 0
        var index = 0
        var partCount = 0
        while index < bytes.count {
            // Number.
            var integerPart: Int128 = 0
            var fraction: Int128 = 0
            var fractionDigits = 0
            var digitCount = 0
            var seenPoint = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                    index += 1
                    continue
                }
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
                let digit = Int128(byte - UInt8(ascii: "0"))
                digitCount += 1
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= maxFractionDigits else {
                        throw .malformed(
                            text: text, reason: "it has more than \(maxFractionDigits) digits after the decimal point")
                    }
                    fraction = fraction * 10 + digit
                } else {
                    integerPart = integerPart * 10 + digit
                    // Int64.max ms is about 9.2e18; any integer part above 1e19 is too large in every unit.
                    guard integerPart <= 10_000_000_000_000_000_000 else { throw .tooLarge(text: text) }
                }
                index += 1
            }
            guard digitCount > 0 else {
                let rest = String(decoding: bytes[index...], as: UTF8.self)
                throw .malformed(text: text, reason: "expected a number before \"\(rest)\"; \(allowedText)")
            }

            // Unit.
            let unitStart = index
            while index < bytes.count, !(bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")),
                bytes[index] != UInt8(ascii: ".")
            {
                index += 1
            }
            let unitName = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            let unitMilliseconds: Int64
            if unitName.isEmpty {
                guard partCount == 0, index == bytes.count else {
                    throw .malformed(
                        text: text,
                        reason: "a number has no unit; a bare number (seconds) must stand alone; \(allowedText)")
                }
                unitMilliseconds = 1_000
            } else if let unit = units.first(where: { $0.name == unitName }) {
                unitMilliseconds = unit.milliseconds
            } else {
                let hint =
                    unitName.lowercased() != unitName && units.contains(where: { $0.name == unitName.lowercased() })
                    ? " (units are lowercase)" : ""
                throw .malformed(
                    text: text,
                    reason: "unknown unit \"\(unitName)\"\(hint); valid units are ms, s, m (minutes), h, d, w; "
                        + allowedText)
            }

            let unit = Int128(unitMilliseconds)
            let scaledFraction = fraction * pow10(maxFractionDigits - fractionDigits)
            let wholeMilliseconds = integerPart * unit
            guard wholeMilliseconds <= Int128(Int64.max) else { throw .tooLarge(text: text) }
            total += wholeMilliseconds * scale + scaledFraction * unit
            guard total <= Int128(Int64.max) * scale + scale / 2 else { throw .tooLarge(text: text) }
            partCount += 1
        }

        let rounded = (total + scale / 2) / scale
        guard let result = Int64(exactly: rounded), result <= SimTime.maximumMilliseconds else {
            throw .tooLarge(text: text)
        }
        return result
    }

    /// Formats milliseconds compactly in the same syntax `milliseconds(_:)` reads.
    ///
    /// Uses days, hours, minutes, seconds and milliseconds, largest first, and skips zero parts:
    /// 5 400 000 → `1h30m`, 250 → `250ms`, 183 600 000 → `2d3h`, 0 → `0s`. Negative input gets a leading `-`.
    ///
    /// - Parameter milliseconds: A duration in milliseconds.
    /// - Returns: Compact text such as `1h30m`.
    public static func format(milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var remaining = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        let parts: [(suffix: String, size: UInt64)] = [
            ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
        ]
        for part in parts {
            let count = remaining / part.size
            if count > 0 {
                text += "\(count)\(part.suffix)"
                remaining -= count * part.size
            }
        }
        return text
    }

    /// The text without leading and trailing spaces, tabs and newlines (no Foundation needed).
    private static func trimmingWhitespace(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
            let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }

    /// `10^n` for 0 ≤ n ≤ 38.
    private static func pow10(_ n: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }
}

/// Why a duration text could not be read.
public enum DurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a valid duration.
    case malformed(text: String, reason: String)
    /// The duration starts with a minus sign; durations must not be negative.
    case negative(text: String)
    /// The duration does not fit in a signed 64-bit count of milliseconds.
    case tooLarge(text: String)

    /// A message that says what went wrong and what is allowed.
    public var description: String {
        switch self {
        case .malformed(let text, let reason):
            return "invalid duration \"\(text)\": \(reason)"
        case .negative(let text):
            return "duration \"\(text)\" must not be negative"
        case .tooLarge(let text):
            return
                "duration \"\(text)\" is too large: at most \(DurationParser.format(milliseconds: SimTime.maximumMilliseconds)) "
                + "(2^62 - 1 ms, about 146 million years)"
        }
    }
}
