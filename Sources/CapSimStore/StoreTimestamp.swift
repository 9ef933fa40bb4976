import Foundation

/// ISO-8601 text for `runs.created_at`: UTC with milliseconds, for example `2026-11-29T13:22:28.321Z`.
enum StoreTimestamp {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)

    /// Formats a date as ISO-8601 UTC text with milliseconds.
    static func format(_ date: Date) -> String {
        withFraction.format(date)
    }

    /// Parses ISO-8601 text written by `format(_:)`, or the same without fractional seconds.
    static func parse(_ text: String) -> Date? {
        if let date = try? withFraction.parse(text) {
            return date
        }
        return try? withoutFraction.parse(text)
    }
}
