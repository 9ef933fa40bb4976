import Testing

@testable import CapSimCore

/// Cases Q1–Q5 and the quantity part of C31 from docs/cases.md, with the numbers stated there.
@Suite struct QuantityTests {
    // MARK: - Q1 CPU

    @Test(
        "Q1: CPU millicores used by the scheduler",
        arguments: [
            ("500m", Int64(500)),
            ("0.5", 500),
            ("1.5", 1500),
            ("0.1", 100),
            ("1e3", 1_000_000),
            ("1e-3", 1),
            ("0.0001", 1),
            ("100u", 1),
            ("1.0005", 1001),
            ("3000023n", 4),
            ("1.3", 1300),
            ("3900m", 3900),
            ("1E3", 1_000_000),
        ])
    func cpuMillicores(text: String, millicores: Int64) throws {
        #expect(try Quantity.cpuMillicores(text) == millicores)
    }

    @Test("Q1: 0.5 and 500m are the same value and 0.5 prints as 500m")
    func halfCPUEquality() throws {
        let half = try Quantity(parsing: "0.5")
        #expect(half == (try Quantity(parsing: "500m")))
        #expect(half.description == "500m")
    }

    @Test("Q1: 1e3 is 1000 CPUs, not 1000m")
    func exponentIsNotMilli() throws {
        #expect(try Quantity(parsing: "1e3") == (try Quantity(parsing: "1000")))
        #expect(try Quantity(parsing: "1e3") != (try Quantity(parsing: "1000m")))
    }

    @Test("Q1 scenario: three pods of 1.3 CPU fit exactly into 3900m, a fourth does not")
    func threePodsOfOnePointThree() throws {
        let allocatable = try Quantity.cpuMillicores("3900m")
        let request = try Quantity.cpuMillicores("1.3")
        #expect(3 * request == 3900)
        #expect(3 * request <= allocatable)
        #expect(4 * request > allocatable)
    }

    // MARK: - Q2 memory

    @Test(
        "Q2/Q3: memory bytes",
        arguments: [
            ("2Gi", Int64(2_147_483_648)),
            ("2G", 2_000_000_000),
            ("1k", 1000),
            ("1Ki", 1024),
            ("1907Mi", 1_999_634_432),
            ("128974848", 128_974_848),
            ("129e6", 129_000_000),
            ("129M", 129_000_000),
            ("128974848000m", 128_974_848),
            ("123Mi", 128_974_848),
            ("7906356Ki", 8_096_108_544),
        ])
    func memoryBytes(text: String, bytes: Int64) throws {
        #expect(try Quantity.memoryBytes(text) == bytes)
    }

    @Test("Q2: 2Gi - 2G = 147483648 bytes; request 2Gi exceeds limit 2G")
    func gibVersusGB() throws {
        let request = try Quantity.memoryBytes("2Gi")
        let limit = try Quantity.memoryBytes("2G")
        #expect(request - limit == 147_483_648)
        #expect(request > limit)
    }

    @Test("Q2: node allocatable 2G fits 1907Mi but not 2Gi")
    func allocatableTwoG() throws {
        let allocatable = try Quantity.memoryBytes("2G")
        #expect(try Quantity.memoryBytes("2Gi") > allocatable)
        #expect(try Quantity.memoryBytes("1907Mi") <= allocatable)
    }

    @Test(
        "Q2: wrongly cased or unit-style suffixes are invalid",
        arguments: [
            "1K", "1KB", "2GB", "1gi", "1Gb", "1kb", "1MB", "", "Gi", "-", ".", "1 Gi", " 1", "1e", "1.2.3", "1Ki3",
        ])
    func invalidSuffixes(text: String) {
        #expect(throws: QuantityError.self) { try Quantity(parsing: text) }
    }

    @Test(
        "Q2: suffix errors list valid suffixes and hint at the likely one",
        arguments: [("2GB", "Gi"), ("1Gb", "Gi"), ("1gi", "Gi"), ("1K", "Ki"), ("1KB", "Ki")])
    func suffixHint(text: String, suggestion: String) {
        do {
            _ = try Quantity(parsing: text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.description.contains("did you mean \(suggestion)"))
            #expect(error.description.contains("Ki Mi Gi Ti Pi Ei"))
            #expect(error.description.contains("case-sensitive"))
        }
    }

    // MARK: - Q3 "roughly the same" values

    @Test("Q3: {128974848, 128974848000m, 123Mi} are identical; {129e6, 129M} are 25152 bytes larger")
    func roughlyTheSame() throws {
        let small = try ["128974848", "128974848000m", "123Mi"].map { try Quantity(parsing: $0) }
        let large = try ["129e6", "129M"].map { try Quantity(parsing: $0) }
        #expect(small[0] == small[1] && small[1] == small[2])
        #expect(large[0] == large[1])
        #expect(try large[0].valueRoundedUp() - small[0].valueRoundedUp() == 25_152)
        #expect(try Quantity.memoryBytes("129M") - Quantity.memoryBytes("123Mi") == 25_152)
    }

    @Test("Q3 scenario: allocatable 123Mi rejects 129M and fits 128974848 exactly")
    func allocatable123Mi() throws {
        let allocatable = try Quantity.memoryBytes("123Mi")
        #expect(try Quantity.memoryBytes("129M") > allocatable)
        #expect(try Quantity.memoryBytes("128974848") == allocatable)
    }

    // MARK: - Q4 milli-bytes

    @Test(
        "Q4: fractional bytes are rounded up",
        arguments: [
            ("400m", Int64(1)),
            ("500m", 1),
            ("1.1Gi", 1_181_116_007),
            ("0.001Mi", 1049),
        ])
    func fractionalBytes(text: String, bytes: Int64) throws {
        #expect(try Quantity.memoryBytes(text) == bytes)
    }

    @Test(
        "Q4: exact values print in milli form as Kubernetes stores them",
        arguments: [
            ("400m", "400m"),
            ("1.1Gi", "1181116006400m"),
            ("0.001Mi", "1048576m"),
            ("123Mi", "123Mi"),
            ("1024Ki", "1Mi"),
            ("7906356Ki", "7906356Ki"),
            ("129e6", "129e6"),
            ("1e3", "1e3"),
            ("1.5", "1500m"),
            ("2000m", "2"),
            ("0", "0"),
            ("-0.5", "-500m"),
            ("100u", "100u"),
            ("0.0000000001", "1n"),
        ])
    func canonicalText(text: String, canonical: String) throws {
        #expect(try Quantity(parsing: text).description == canonical)
    }

    @Test("Q4: 1.1Gi is exactly 1181116006400 milli-bytes")
    func onePointOneGi() throws {
        #expect(try Quantity(parsing: "1.1Gi").milliValueRoundedUp() == 1_181_116_006_400)
        #expect(try Quantity(parsing: "1.1Gi") == (try Quantity(parsing: "1181116006400m")))
    }

    @Test("Q4 scenario: a quota of 500m bytes rejects a 300M request")
    func quotaOfHalfAByte() throws {
        let quota = try Quantity(parsing: "500m")
        #expect(try quota.milliValueRoundedUp() == 500)
        #expect(try Quantity.memoryBytes("300M") * 1000 > quota.milliValueRoundedUp())
    }

    // MARK: - Q5 and C31 extended resources

    @Test(
        "Q5/C31: whole GPU counts",
        arguments: [
            ("1", Int64(1)),
            ("2000m", 2),
            ("3000m", 3),
            ("2e0", 2),
            ("1e3", 1000),
        ])
    func wholeCounts(text: String, count: Int64) throws {
        #expect(try Quantity.wholeCount(text) == count)
    }

    @Test("Q5/C31: fractional GPU counts are rejected", arguments: ["1500m", "0.5", "0.4", "1.0000001"])
    func fractionalCounts(text: String) {
        #expect(throws: QuantityError.notWholeNumber(text: text)) { try Quantity.wholeCount(text) }
        #expect(QuantityError.notWholeNumber(text: text).description.contains("must be a whole number"))
    }

    // MARK: - Sign, overflow and exactness

    @Test("negative values parse but the convenience functions reject them", arguments: ["-1", "-500m", "-1Gi"])
    func negatives(text: String) throws {
        #expect(try Quantity(parsing: text).isNegative)
        #expect(throws: QuantityError.negative(text: text)) { try Quantity.cpuMillicores(text) }
        #expect(throws: QuantityError.negative(text: text)) { try Quantity.memoryBytes(text) }
        #expect(throws: QuantityError.negative(text: text)) { try Quantity.wholeCount(text) }
        #expect(QuantityError.negative(text: text).description.contains("must not be negative"))
    }

    @Test("negative values round away from zero like apimachinery")
    func negativeRounding() throws {
        #expect(try Quantity(parsing: "-1.5m").milliValueRoundedUp() == -2)
        #expect(try Quantity(parsing: "-400m").valueRoundedUp() == -1)
        #expect(try Quantity(parsing: "+2").valueRoundedUp() == 2)
    }

    @Test(
        "values beyond Int64 throw tooLarge instead of trapping",
        arguments: ["8Ei", "10E", "1e19", "1e1000", "99999999999999999999", "1e999999999"])
    func tooLarge(text: String) throws {
        #expect(throws: QuantityError.tooLarge(text: text)) { try Quantity.memoryBytes(text) }
        #expect(throws: QuantityError.tooLarge(text: text)) { try Quantity.cpuMillicores(text) }
        #expect(QuantityError.tooLarge(text: text).description.contains("too large"))
    }

    @Test("the Int64 limits are reachable")
    func int64Limits() throws {
        #expect(try Quantity.memoryBytes("9223372036854775807") == Int64.max)
        #expect(try Quantity.memoryBytes("7Ei") == 7 * (Int64(1) << 60))
        #expect(try Quantity(parsing: "-9223372036854775808").valueRoundedUp() == Int64.min)
        #expect(try Quantity.cpuMillicores("9223372036854775.807") == Int64.max)
        #expect(throws: QuantityError.tooLarge(text: "9223372036854775.808")) {
            try Quantity.cpuMillicores("9223372036854775.808")
        }
    }

    @Test("very precise and very small inputs never trap")
    func extremes() throws {
        #expect(try Quantity.cpuMillicores("1e-1000000") == 1)
        #expect(try Quantity.memoryBytes("0.000000000000000000000000000000000000000000001Ei") == 1)
        #expect(try Quantity.memoryBytes("1" + String(repeating: "0", count: 60) + "e-60") == 1)
        #expect(throws: QuantityError.self) { try Quantity(parsing: String(repeating: "7", count: 50)) }
        #expect(throws: QuantityError.self) { try Quantity(parsing: "1e9999999999") }
    }

    @Test("leading and trailing zeros, dots and signs")
    func notation() throws {
        #expect(try Quantity.cpuMillicores("000.5000") == 500)
        #expect(try Quantity.cpuMillicores(".5") == 500)
        #expect(try Quantity.cpuMillicores("1.") == 1000)
        #expect(try Quantity.memoryBytes("1.5Ki") == 1536)
        #expect(try Quantity.memoryBytes("1e+3") == 1000)
        #expect(try Quantity.memoryBytes("1E") == 1_000_000_000_000_000_000)
        #expect(try Quantity.memoryBytes("0Gi") == 0)
        #expect(try Quantity(parsing: "-0") == (try Quantity(parsing: "0")))
    }

    @Test("sums of exact millicores never drift", arguments: 1...50)
    func noDrift(count: Int) throws {
        let tenth = try Quantity.cpuMillicores("0.1")
        #expect(Int64(count) * tenth == Int64(count) * 100)
    }
}
