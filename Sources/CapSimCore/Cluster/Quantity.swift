/// An exact Kubernetes resource quantity such as `500m`, `1.5`, `2Gi` or `1e3`.
///
/// Parsing follows apimachinery `resource.Quantity`: an optional sign, digits with an optional decimal
/// point, then one of a decimal SI suffix (`n u m k M G T P E`, or none), a binary suffix
/// (`Ki Mi Gi Ti Pi Ei`) or an exponent (`e<int>` / `E<int>`). Suffixes are case-sensitive.
/// As in apimachinery, a non-zero value is rounded up (away from zero) to nano precision (`1n`) when parsed.
///
/// The value is held exactly as `significand × 10^exponent` with an `Int128` significand; no floating
/// point is ever involved, so `3 × 1.3` CPUs is exactly `3900m`.
///
/// Two quantities are equal when their values are equal, whatever notation they were written in
/// (`1Ki == 1024`, `128974848000m == 123Mi`).
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    /// The notation family a quantity was written in; it decides how `description` prints it.
    public enum Format: Sendable, Equatable {
        /// Powers of ten with SI suffixes (`500m`, `2G`), or no suffix.
        case decimalSI
        /// Powers of two (`Ki` … `Ei`).
        case binarySI
        /// Scientific notation (`1e3`, `129E6`).
        case decimalExponent
    }

    /// The exact value is `significand × 10^exponent`.
    ///
    /// Canonical: the significand is not a multiple of ten unless it is zero, and zero has exponent 0.
    let significand: Int128

    /// The power of ten applied to `significand`; never below -9 (nano precision).
    let exponent: Int

    /// The notation family of the parsed text.
    public let format: Format

    /// The text this quantity was parsed from, kept for error messages.
    public let text: String

    /// Whether the value is below zero.
    public var isNegative: Bool { significand < 0 }

    /// Whether the value is exactly zero.
    public var isZero: Bool { significand == 0 }

    // MARK: - Parsing

    /// Parses a Kubernetes quantity string exactly.
    ///
    /// - Parameter text: A quantity such as `500m`, `0.5`, `2Gi`, `129e6` or `-1`. No surrounding spaces.
    /// - Throws: `QuantityError.malformed` when the text is empty, has no digits, has an unknown or
    ///   wrongly cased suffix (`K`, `KB`, `Gb`, `gi`), or has more significant digits than an `Int128`
    ///   significand can hold (about 38).
    public init(parsing text: String) throws(QuantityError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            throw .malformed(text: text, reason: "it is empty; write a number such as 500m, 2Gi or 1")
        }
        var index = 0
        var isNegative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            isNegative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }

        var magnitude: Int128 = 0
        var pendingZeros = 0
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
            digitCount += 1
            if seenPoint { fractionDigits += 1 }
            let digit = Int128(byte - UInt8(ascii: "0"))
            if digit == 0 {
                // Leading zeros add nothing; other zeros wait until a non-zero digit follows.
                if magnitude != 0 { pendingZeros += 1 }
            } else {
                guard let shift = Self.powerOfTen(pendingZeros + 1) else { throw Self.tooPrecise(text) }
                let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: shift)
                let (sum, overflow2) = shifted.addingReportingOverflow(digit)
                guard !overflow, !overflow2 else { throw Self.tooPrecise(text) }
                magnitude = sum
                pendingZeros = 0
            }
            index += 1
        }
        guard digitCount > 0 else {
            throw .malformed(
                text: text, reason: "it has no digits; a quantity starts with a number, as in 500m, 0.5 or 2Gi")
        }

        let suffix = String(decoding: bytes[index...], as: UTF8.self)
        let (decimalShift, binaryShift, format) = try Self.interpretSuffix(suffix, text: text)

        if binaryShift > 0, magnitude != 0 {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: Int128(1) << binaryShift)
            guard !overflow else { throw Self.tooPrecise(text) }
            magnitude = product
        }
        var exponent = pendingZeros - fractionDigits + decimalShift

        // Canonical form: strip factors of ten into the exponent.
        (magnitude, exponent) = Self.strippingTens(magnitude, exponent)

        // apimachinery rounds every non-zero value up (away from zero) to nano precision.
        if exponent < -9 {
            let drop = -9 - exponent
            if let divisor = Self.powerOfTen(drop) {
                let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
                magnitude = quotient + (remainder == 0 ? 0 : 1)
            } else {
                magnitude = 1
            }
            exponent = -9
            (magnitude, exponent) = Self.strippingTens(magnitude, exponent)
        }

        self.significand = isNegative ? -magnitude : magnitude
        self.exponent = magnitude == 0 ? 0 : exponent
        self.format = (format == .binarySI && magnitude != 0 && exponent < 0) ? .decimalSI : format
        self.text = text
    }

    // MARK: - Values

    /// The value in thousandths, rounded up away from zero: CPU millicores, as `MilliValue()` does.
    ///
    /// - Returns: `⌈value × 1000⌉` for positive values (`0.5` → 500, `100u` → 1, `1.0005` → 1001);
    ///   negative values round away from zero.
    /// - Throws: `QuantityError.tooLarge` when the result does not fit in `Int64`.
    public func milliValueRoundedUp() throws(QuantityError) -> Int64 {
        guard let value = scaledRoundedUp(decimalShift: 3) else { throw .tooLarge(text: text) }
        return value
    }

    /// The value rounded up away from zero to an integer: memory bytes, as `Value()` does.
    ///
    /// Kubernetes first rounds requests up to milli precision and the scheduler then takes the ceiling;
    /// for positive values both steps together equal one ceiling (`400m` → 1, `1.1Gi` → 1181116007).
    ///
    /// - Returns: `⌈value⌉` for positive values; negative values round away from zero.
    /// - Throws: `QuantityError.tooLarge` when the result does not fit in `Int64`.
    public func valueRoundedUp() throws(QuantityError) -> Int64 {
        guard let value = scaledRoundedUp(decimalShift: 0) else { throw .tooLarge(text: text) }
        return value
    }

    /// The value as an exact integer, for extended resources such as `nvidia.com/gpu`.
    ///
    /// The value, not the notation, must be whole: `3000m` and `2e0` are accepted, `1500m` and `0.5` are not.
    ///
    /// - Returns: The exact integer value.
    /// - Throws: `QuantityError.notWholeNumber` when the value has a fractional part, or
    ///   `QuantityError.tooLarge` when it does not fit in `Int64`.
    public func wholeValue() throws(QuantityError) -> Int64 {
        guard exponent >= 0 else { throw .notWholeNumber(text: text) }
        guard let value = scaledRoundedUp(decimalShift: 0) else { throw .tooLarge(text: text) }
        return value
    }

    // MARK: - Convenience

    /// Parses a CPU quantity and returns non-negative millicores, rounded up (`1.3` → 1300, `1e3` → 1 000 000).
    ///
    /// - Parameter text: A CPU quantity such as `500m`, `1.5` or `2`.
    /// - Returns: Millicores.
    /// - Throws: `QuantityError.malformed` for bad text, `.negative` for values below zero,
    ///   `.tooLarge` when the millicores do not fit in `Int64`.
    public static func cpuMillicores(_ text: String) throws(QuantityError) -> Int64 {
        let quantity = try Quantity(parsing: text)
        guard !quantity.isNegative else { throw .negative(text: text) }
        return try quantity.milliValueRoundedUp()
    }

    /// Parses a memory (or storage) quantity and returns non-negative bytes, rounded up (`400m` → 1).
    ///
    /// - Parameter text: A memory quantity such as `2Gi`, `129M` or `128974848`.
    /// - Returns: Bytes.
    /// - Throws: `QuantityError.malformed` for bad text, `.negative` for values below zero,
    ///   `.tooLarge` when the bytes do not fit in `Int64`.
    public static func memoryBytes(_ text: String) throws(QuantityError) -> Int64 {
        let quantity = try Quantity(parsing: text)
        guard !quantity.isNegative else { throw .negative(text: text) }
        return try quantity.valueRoundedUp()
    }

    /// Parses an extended-resource quantity (for example `nvidia.com/gpu`) that must be a whole number.
    ///
    /// - Parameter text: A count such as `1`, `3000m` or `2e0`.
    /// - Returns: The count.
    /// - Throws: `QuantityError.malformed` for bad text, `.negative` for values below zero,
    ///   `.notWholeNumber` for fractional values (`0.5`, `1500m`), `.tooLarge` beyond `Int64`.
    public static func wholeCount(_ text: String) throws(QuantityError) -> Int64 {
        let quantity = try Quantity(parsing: text)
        guard !quantity.isNegative else { throw .negative(text: text) }
        return try quantity.wholeValue()
    }

    // MARK: - Equality and printing

    /// Compares values exactly, ignoring notation (`1Ki == 1024`, `0.5 == 500m`).
    ///
    /// - Parameters:
    ///   - lhs: A quantity.
    ///   - rhs: Another quantity.
    /// - Returns: Whether both denote the same number.
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.significand == rhs.significand && lhs.exponent == rhs.exponent
    }

    /// The canonical apimachinery spelling: `0.5` → `500m`, `1.1Gi` → `1181116006400m`, `1024Ki` → `1Mi`.
    public var description: String {
        if significand == 0 { return "0" }
        let sign = significand < 0 ? "-" : ""
        let magnitude = significand.magnitude
        if format == .binarySI, exponent >= 0, let power = Self.powerOfTen(exponent) {
            let (integer, overflow) = magnitude.multipliedReportingOverflow(by: UInt128(power))
            if !overflow, integer >= 1024 {
                var number = integer
                var steps = 0
                while steps < Self.binarySuffixes.count - 1, number % 1024 == 0 {
                    number /= 1024
                    steps += 1
                }
                return sign + String(number) + Self.binarySuffixes[steps]
            }
        }
        var digits = String(magnitude)
        var printedExponent = exponent
        switch ((exponent % 3) + 3) % 3 {
        case 1:
            digits += "0"
            printedExponent -= 1
        case 2:
            digits += "00"
            printedExponent -= 2
        default:
            break
        }
        if format == .decimalExponent || printedExponent > 18 {
            return sign + digits + (printedExponent == 0 ? "" : "e\(printedExponent)")
        }
        let suffix = Self.decimalSuffixes.first { $0.exponent == printedExponent }?.suffix ?? "e\(printedExponent)"
        return sign + digits + suffix
    }

    // MARK: - Helpers

    private static let decimalSuffixes: [(suffix: String, exponent: Int)] = [
        ("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18),
    ]

    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// Exponents beyond this magnitude are rejected so exponent arithmetic can never overflow.
    private static let maxExponentMagnitude = 1_000_000_000

    /// Splits a suffix into a power of ten, a power of two and a format.
    private static func interpretSuffix(
        _ suffix: String, text: String
    ) throws(QuantityError) -> (decimalShift: Int, binaryShift: Int, format: Format) {
        if let match = decimalSuffixes.first(where: { $0.suffix == suffix }) {
            return (match.exponent, 0, .decimalSI)
        }
        if let steps = binarySuffixes.firstIndex(of: suffix), steps > 0 {
            return (0, steps * 10, .binarySI)
        }
        let scalars = Array(suffix.utf8)
        if scalars.count > 1, scalars[0] == UInt8(ascii: "e") || scalars[0] == UInt8(ascii: "E") {
            var rest = scalars.dropFirst()
            var negative = false
            if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
                negative = first == UInt8(ascii: "-")
                rest = rest.dropFirst()
            }
            if !rest.isEmpty, rest.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                var value = 0
                for byte in rest {
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    guard value <= maxExponentMagnitude else {
                        throw .malformed(text: text, reason: "the exponent is out of range")
                    }
                }
                return (negative ? -value : value, 0, .decimalExponent)
            }
        }
        throw .malformed(text: text, reason: unknownSuffixReason(suffix))
    }

    /// Explains an unknown suffix, with a hint for common mistakes (`K`, `KB`, `GB`, `Gb`, `gi`).
    private static func unknownSuffixReason(_ suffix: String) -> String {
        let allowed =
            "valid suffixes are n u m k M G T P E (powers of 10), Ki Mi Gi Ti Pi Ei (powers of 2), "
            + "or an exponent such as e3 or E-6; suffixes are case-sensitive"
        var hint = ""
        let lower = suffix.lowercased()
        let prefixes = Array("kmgtpe")
        if let first = lower.first, let step = prefixes.firstIndex(of: first),
            ["", "i", "b", "ib"].contains(String(lower.dropFirst()))
        {
            let binary = String(first).uppercased() + "i"
            let decimal = first == "k" ? "k" : String(first).uppercased()
            hint = "; did you mean \(binary) (2^\(10 * (step + 1))) or \(decimal) (10^\(3 * (step + 1)))?"
        }
        return "unknown suffix \"\(suffix)\": \(allowed)\(hint)"
    }

    private static func tooPrecise(_ text: String) -> QuantityError {
        .malformed(text: text, reason: "it has more significant digits than can be held exactly (about 38)")
    }

    /// `10^n` as an `Int128`, or `nil` when it does not fit (n > 38) or n is negative.
    private static func powerOfTen(_ n: Int) -> Int128? {
        guard n >= 0, n <= 38 else { return nil }
        var result: Int128 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// Moves trailing decimal zeros of a non-negative magnitude into the exponent.
    private static func strippingTens(_ magnitude: Int128, _ exponent: Int) -> (Int128, Int) {
        guard magnitude != 0 else { return (0, 0) }
        var magnitude = magnitude
        var exponent = exponent
        while magnitude % 10 == 0 {
            magnitude /= 10
            exponent += 1
        }
        return (magnitude, exponent)
    }

    /// `value × 10^decimalShift` rounded away from zero, or `nil` when it does not fit in `Int64`.
    private func scaledRoundedUp(decimalShift: Int) -> Int64? {
        if significand == 0 { return 0 }
        let magnitude = significand.magnitude
        let power = exponent + decimalShift
        var result: UInt128
        if power >= 0 {
            guard let factor = Self.powerOfTen(power) else { return nil }
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: UInt128(factor))
            guard !overflow else { return nil }
            result = product
        } else if let divisor = Self.powerOfTen(-power) {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: UInt128(divisor))
            result = quotient + (remainder == 0 ? 0 : 1)
        } else {
            result = 1
        }
        if significand < 0 {
            guard result <= UInt128(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- result)
        }
        return Int64(exactly: result)
    }
}

/// Why a resource quantity could not be parsed or converted.
public enum QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a valid Kubernetes quantity.
    case malformed(text: String, reason: String)
    /// An extended resource (such as `nvidia.com/gpu`) was given a fractional value.
    case notWholeNumber(text: String)
    /// A resource amount was below zero.
    case negative(text: String)
    /// The value does not fit in a signed 64-bit integer in the requested unit.
    case tooLarge(text: String)

    /// A message that says what went wrong and what is allowed.
    public var description: String {
        switch self {
        case .malformed(let text, let reason):
            return "invalid quantity \"\(text)\": \(reason)"
        case .notWholeNumber(let text):
            return "quantity \"\(text)\" must be a whole number: extended resources such as nvidia.com/gpu "
                + "take integers (1, 2, or 3000m = 3), not fractions such as 0.5 or 1500m"
        case .negative(let text):
            return "quantity \"\(text)\" must not be negative"
        case .tooLarge(let text):
            return "quantity \"\(text)\" is too large: the result must fit in a signed 64-bit integer "
                + "(at most 9223372036854775807)"
        }
    }
}
