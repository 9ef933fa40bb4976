import Testing

@testable import CapSimCore

@Suite struct DurationTests {
    @Test(
        "parses single units, decimals, compounds and bare seconds",
        arguments: [
            ("250ms", Int64(250)),
            ("90s", 90_000),
            ("15m", 900_000),
            ("4h", 14_400_000),
            ("7d", 604_800_000),
            ("1w", 604_800_000),
            ("1.5h", 5_400_000),
            ("1h30m", 5_400_000),
            ("2d3h", 183_600_000),
            ("1m30s500ms", 90_500),
            ("90", 90_000),
            ("1.5", 1_500),
            ("0", 0),
            ("0s", 0),
            ("0.0005s", 1),
            ("0.0004s", 0),
            ("0.0015s", 2),
            ("0.1h", 360_000),
            ("1.000001m", 60_000),
            (" 5m ", 300_000),
            ("30m1h", 5_400_000),
            ("4611686018427387903ms", SimTime.maximumMilliseconds),
            ("7625142226w", 4_611_686_018_284_800_000),
        ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try DurationParser.milliseconds(text) == milliseconds)
    }

    @Test(
        "rejects malformed text",
        arguments: ["", "   ", "5x", "1h30", "h", "1H", "1.2.3s", "1 h", "ms", "+3s", "1.0000000000000000001s"])
    func rejectsMalformed(text: String) {
        #expect {
            try DurationParser.milliseconds(text)
        } throws: { error in
            guard case .malformed = error as? DurationError else { return false }
            return true
        }
    }

    @Test("rejects negative durations", arguments: ["-3s", "-1h30m", "-0"])
    func rejectsNegative(text: String) {
        #expect(throws: DurationError.negative(text: text)) { try DurationParser.milliseconds(text) }
    }

    @Test("rejects overflow", arguments: ["9223372036854775808ms", "99999999999999999999999w", "15250284453w", "1e3s"])
    func rejectsOverflow(text: String) throws {
        if text == "1e3s" {
            #expect(throws: DurationError.self) { try DurationParser.milliseconds(text) }
        } else {
            #expect(throws: DurationError.tooLarge(text: text)) { try DurationParser.milliseconds(text) }
        }
    }

    @Test("error messages say what is allowed")
    func messages() {
        do {
            _ = try DurationParser.milliseconds("5x")
            Issue.record("5x should not parse")
        } catch {
            #expect(error.description.contains("unknown unit \"x\""))
            #expect(error.description.contains("ms, s, m (minutes), h, d, w"))
        }
        #expect(DurationError.negative(text: "-3s").description.contains("must not be negative"))
    }

    @Test(
        "formats compactly",
        arguments: [
            (Int64(5_400_000), "1h30m"),
            (250, "250ms"),
            (183_600_000, "2d3h"),
            (0, "0s"),
            (90_500, "1m30s500ms"),
            (1_000, "1s"),
            (-1_500, "-1s500ms"),
        ])
    func formats(milliseconds: Int64, text: String) {
        #expect(DurationParser.format(milliseconds: milliseconds) == text)
    }

    @Test(
        "format and parse round-trip",
        arguments: [Int64(0), 1, 999, 1_000, 61_001, 5_400_000, 86_399_999, 604_800_000, SimTime.maximumMilliseconds])
    func roundTrip(milliseconds: Int64) throws {
        #expect(try DurationParser.milliseconds(DurationParser.format(milliseconds: milliseconds)) == milliseconds)
    }

    @Test("format handles Int64.min without trapping")
    func formatMin() {
        #expect(DurationParser.format(milliseconds: Int64.min).hasPrefix("-"))
    }
}
