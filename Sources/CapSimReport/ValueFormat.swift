import Foundation

/// Number and date formatting shared by the reports; locale-independent so output is stable.
enum ValueFormat {
    /// Formats a value: integers without decimals, `|v| >= 1` with 2 decimals, smaller values with
    /// 3 significant digits; `n/a` for NaN; `unbounded` for +infinity (an overloaded service's latency).
    static func number(_ value: Double) -> String {
        if value.isNaN {
            return "n/a"
        }
        if value.isInfinite {
            return value > 0 ? "unbounded" : "-inf"
        }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        if abs(value) >= 1 {
            return String(format: "%.2f", value)
        }
        return String(format: "%.3g", value)
    }

    /// Formats an optional value; `-` when missing.
    static func number(_ value: Double?) -> String {
        value.map { number($0) } ?? "-"
    }

    /// Formats a change with an explicit sign (`+2`, `-0.50`); `-` when missing.
    static func signed(_ value: Double?) -> String {
        guard let value else {
            return "-"
        }
        let text = number(value)
        return value > 0 ? "+" + text : text
    }

    /// Formats a percentage change with one decimal and a sign (`+20.0%`); `-` when missing.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else {
            return "-"
        }
        let rounded = (value * 10).rounded() / 10
        return String(format: "%+.1f%%", rounded == 0 ? 0 : rounded)
    }

    /// Formats a date as `yyyy-MM-dd HH:mm:ss` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d",
            parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0
        )
    }

    /// Formats a date as ISO-8601 UTC with milliseconds, as stored.
    static func iso8601(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).format(date)
    }
}
