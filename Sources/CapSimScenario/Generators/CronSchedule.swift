import Foundation

/// A standard 5-field cron schedule (minute, hour, day of month, month, day of week), as the CronJob controller
/// parses it (robfig/cron v3): `*`, `?`, lists `a,b`, ranges `a-b`, steps `*/n` and `a-b/n`, month names `jan`-`dec`,
/// day names `sun`-`sat` (0 or 7 = Sunday), and the macros `@yearly`/`@annually`, `@monthly`, `@weekly`,
/// `@daily`/`@midnight`, `@hourly`. When both day fields are restricted, a day matches if either matches.
struct CronSchedule: Sendable, Equatable {
    var minutes: Set<Int>
    var hours: Set<Int>
    var daysOfMonth: Set<Int>
    var months: Set<Int>
    var daysOfWeek: Set<Int>
    var isDayOfMonthStar: Bool
    var isDayOfWeekStar: Bool

    /// Parses a schedule; the error text says which field is wrong and what is allowed.
    init(parsing text: String) throws(CronError) {
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let expanded = macros[text.trimmingCharacters(in: .whitespaces).lowercased()] ?? text
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(
                message: "\"\(text)\" has \(fields.count) fields; a schedule has 5 (minute hour day-of-month month "
                    + "day-of-week), e.g. \"0 2 * * *\", or a macro such as @daily")
        }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        minutes = try Self.field(fields[0], "minute", 0...59, names: [:])
        hours = try Self.field(fields[1], "hour", 0...23, names: [:])
        daysOfMonth = try Self.field(fields[2], "day of month", 1...31, names: [:])
        months = try Self.field(
            fields[3], "month", 1...12,
            names: Dictionary(uniqueKeysWithValues: monthNames.enumerated().map { ($1, $0 + 1) }))
        var days = try Self.field(
            fields[4], "day of week", 0...7,
            names: Dictionary(uniqueKeysWithValues: dayNames.enumerated().map { ($1, $0) }))
        if days.remove(7) != nil { days.insert(0) }
        daysOfWeek = days
        isDayOfMonthStar = fields[2] == "*" || fields[2] == "?"
        isDayOfWeekStar = fields[4] == "*" || fields[4] == "?"
    }

    private static func field(_ text: String, _ name: String, _ range: ClosedRange<Int>, names: [String: Int])
        throws(CronError) -> Set<Int>
    {
        var result = Set<Int>()
        func value(_ token: Substring) throws(CronError) -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let named = names[token.lowercased()] { return named }
            throw CronError(
                message:
                    "\(name) field \"\(text)\": \"\(token)\" is not allowed; use \(range.lowerBound)-\(range.upperBound)"
                    + (names.isEmpty
                        ? "" : " or names such as \(names.keys.sorted().prefix(3).joined(separator: ", "))"))
        }
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else {
                throw CronError(message: "\(name) field \"\(text)\" is malformed")
            }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else {
                    throw CronError(message: "\(name) field \"\(text)\": the step must be a positive number")
                }
                step = s
            }
            var low: Int
            var high: Int
            if base == "*" || base == "?" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[base.startIndex..<dash])
                high = try value(base[base.index(after: dash)...])
                guard low <= high else { throw CronError(message: "\(name) field \"\(text)\": range \(base) is empty") }
            } else {
                low = try value(base)
                high = pieces.count == 2 ? range.upperBound : low
            }
            for v in stride(from: low, through: high, by: step) { result.insert(v) }
        }
        return result
    }

    /// Every scheduled time in `[start, end)`, as milliseconds since `start`.
    ///
    /// - Parameters:
    ///   - start: Wall-clock time of the scenario start.
    ///   - end: Milliseconds after `start` to stop at.
    ///   - timeZone: Zone the schedule is read in (CronJob `timeZone`).
    ///   - maxCount: Stop and return `nil` as soon as more than this many times are found.
    /// - Returns: Offsets in ms, ascending; `nil` when there are more than `maxCount`.
    func times(from start: Date, until end: Int64, in timeZone: TimeZone, maxCount: Int = .max) -> [Int64]? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var result: [Int64] = []
        var day = calendar.startOfDay(for: start)
        let limit = start.addingTimeInterval(Double(end) / 1000)
        while day < limit {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            let (month, dom, dow) = (parts.month ?? 1, parts.day ?? 1, (parts.weekday ?? 1) - 1)
            let domMatch = daysOfMonth.contains(dom)
            let dowMatch = daysOfWeek.contains(dow)
            let dayMatches =
                isDayOfMonthStar || isDayOfWeekStar ? domMatch && dowMatch : domMatch || dowMatch
            if months.contains(month) && dayMatches {
                for hour in hours.sorted() {
                    for minute in minutes.sorted() {
                        var c = DateComponents()
                        (c.year, c.month, c.day, c.hour, c.minute) = (parts.year, month, dom, hour, minute)
                        guard let date = calendar.date(from: c), date >= start, date < limit else { continue }
                        result.append(Int64((date.timeIntervalSince(start) * 1000).rounded()))
                        if result.count > maxCount { return nil }
                    }
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return result.sorted()
    }
}

/// A cron schedule that cannot be parsed.
struct CronError: Error, Sendable, Equatable {
    var message: String
}
