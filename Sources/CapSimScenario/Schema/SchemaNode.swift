import CapSimCore
import Yams

/// A YAML node together with where it sits: the scenario file, its key path and its line.
///
/// Every typed accessor throws a `ScenarioError` that names the key path and the line, so schema code never
/// builds error locations by hand.
struct SchemaNode {
    /// The YAML node.
    let node: Node
    /// Key path from the document root, for example `workloads[1].requests.memory`; empty for the root.
    let path: String
    /// Scenario file path, for errors.
    let file: String

    /// 1-based line of the node, when Yams recorded one.
    var line: Int? { node.mark?.line }

    /// The node of a mapping value, with `key` appended to the path.
    func child(_ key: String, node: Node) -> SchemaNode {
        SchemaNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// The node of a list element, with `[index]` appended to the path.
    func element(_ index: Int, node: Node) -> SchemaNode {
        SchemaNode(node: node, path: "\(path)[\(index)]", file: file)
    }

    /// An error located at this node.
    func error(_ message: String) -> ScenarioError {
        ScenarioError(file: file, keyPath: path, line: line, message: message)
    }

    // MARK: - Shapes

    /// Whether the node is a null scalar (`key:` with nothing, `~` or `null`).
    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Words for what the node is, for "expected X, found Y" messages.
    var kindDescription: String {
        switch node {
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            switch scalar.style == .plain ? Resolver.default.resolveTag(of: node) : .str {
            case .int, .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            default: return "the string \"\(scalar.string)\""
            }
        case .mapping: return "a mapping (key: value pairs)"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Reads the node as a mapping whose keys must all be in `allowedKeys`.
    ///
    /// - Parameter allowedKeys: The complete set of keys allowed at this level, in documentation order.
    /// - Returns: A reader over the entries.
    /// - Throws: `ScenarioError` when the node is not a mapping, a key is not a string, or a key is unknown (with
    ///   the nearest allowed key suggested).
    func mapping(allowedKeys: [String]) throws(ScenarioError) -> SchemaMapping {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping (key: value pairs), found \(kindDescription)")
        }
        var entries: [SchemaMapping.Entry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                throw SchemaNode(node: keyNode, path: path, file: file).error("mapping keys must be plain strings")
            }
            let key = keyScalar.string
            guard allowedKeys.contains(key) else {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                throw ScenarioError(
                    file: file, keyPath: keyPath, line: keyNode.mark?.line,
                    message: KeySuggestion.unknownKeyMessage(key, allowed: allowedKeys))
            }
            entries.append(.init(key: key, value: child(key, node: valueNode)))
        }
        return SchemaMapping(owner: self, entries: entries)
    }

    /// Reads the node as a list.
    ///
    /// - Returns: The elements, each with its `[index]` path.
    /// - Throws: `ScenarioError` when the node is not a list.
    func sequence() throws(ScenarioError) -> [SchemaNode] {
        guard case .sequence(let sequence) = node else {
            throw error("expected a list, found \(kindDescription)")
        }
        return sequence.enumerated().map { element($0.offset, node: $0.element) }
    }

    /// Reads the node as a string-to-string map (labels, node selectors); scalar values of any type are kept as
    /// written.
    ///
    /// - Throws: `ScenarioError` when the node is not a mapping or a value is not a scalar.
    func stringMap() throws(ScenarioError) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of strings (key: value pairs), found \(kindDescription)")
        }
        var result: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode, !keyScalar.string.isEmpty else {
                throw SchemaNode(node: keyNode, path: path, file: file).error("keys must be non-empty strings")
            }
            try SchemaNode(node: keyNode, path: path, file: file).rejectNUL(in: keyScalar.string)
            result[keyScalar.string] = try child(keyScalar.string, node: valueNode).string(allowEmpty: true)
        }
        return result
    }

    // MARK: - Scalars

    /// The text of a scalar node, whatever YAML type it resolves to (`96` and `"96"` both give `96`).
    ///
    /// Every scalar the parser reads comes through here, so this is where text holding a NUL character (written
    /// `"\0"` in a double-quoted YAML string) is rejected: SQLite's text functions, and so the result store, would
    /// keep only the part before it, and the stored run would no longer name what was simulated.
    ///
    /// - Throws: `ScenarioError` when the node is a mapping, a list or null, or its text holds a NUL character.
    func scalarText(expected: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("expected \(expected), found \(kindDescription)")
        }
        try rejectNUL(in: scalar.string)
        return scalar.string
    }

    /// Throws when `text`, read at this node, holds a NUL character.
    ///
    /// - Parameter text: The node's text, or one of its keys.
    /// - Throws: `ScenarioError` naming the key path and line.
    func rejectNUL(in text: String) throws(ScenarioError) {
        guard text.utf8.contains(0) else { return }
        throw error(
            "contains a NUL character (\\0), which capsim cannot store; remove it from the text "
                + "(found \"\(text.replacingOccurrences(of: "\u{0}", with: "\\0"))\")")
    }

    /// Reads a string.
    ///
    /// - Parameter allowEmpty: Whether `""` (or a null value, read as `""`) is accepted.
    /// - Returns: The text as written.
    /// - Throws: `ScenarioError` for non-scalars, null, or an empty string when not allowed.
    func string(allowEmpty: Bool = false) throws(ScenarioError) -> String {
        if allowEmpty, case .scalar(let scalar) = node, isNull || scalar.string.isEmpty { return "" }
        let text = try scalarText(expected: "a string")
        guard allowEmpty || !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// Reads one of a fixed set of words.
    ///
    /// - Throws: `ScenarioError` listing the allowed words (and the nearest one) when the text is not among them.
    func oneOf(_ allowed: [String]) throws(ScenarioError) -> String {
        let text = try scalarText(expected: "one of \(allowed.joined(separator: ", "))")
        guard allowed.contains(text) else {
            var message = "\"\(text)\" is not allowed; use one of \(allowed.joined(separator: ", "))"
            if let near = KeySuggestion.nearest(to: text, in: allowed) { message += " (did you mean \"\(near)\"?)" }
            throw error(message)
        }
        return text
    }

    /// Reads an integer in a closed range.
    ///
    /// - Throws: `ScenarioError` when the text is not a decimal integer or is out of range.
    func integer(in range: ClosedRange<Int64>) throws(ScenarioError) -> Int64 {
        let text = try scalarText(expected: "an integer")
        guard let value = Int64(text.replacingUnderscores()) else {
            throw error("expected an integer, found \(kindDescription)")
        }
        guard range.contains(value) else { throw error("must be \(Self.describe(range)), found \(value)") }
        return value
    }

    /// Reads a non-negative 64-bit unsigned integer (seeds).
    ///
    /// - Throws: `ScenarioError` when the text is not a non-negative integer that fits in `UInt64`.
    func unsignedInteger() throws(ScenarioError) -> UInt64 {
        let text = try scalarText(expected: "a non-negative integer")
        guard let value = UInt64(text.replacingUnderscores()) else {
            throw error("expected a non-negative integer below 2^64, found \(kindDescription)")
        }
        return value
    }

    /// Reads a finite number.
    ///
    /// - Parameters:
    ///   - minimum: Smallest accepted value.
    ///   - isMinimumExcluded: Whether `minimum` itself is rejected (for "must be > 0").
    /// - Returns: The number.
    /// - Throws: `ScenarioError` when the text is not a finite number or is too small.
    func number(minimum: Double, isMinimumExcluded: Bool = false) throws(ScenarioError) -> Double {
        let text = try scalarText(expected: "a number")
        guard let value = Double(text.replacingUnderscores()) else {
            throw error("expected a number, found \(kindDescription)")
        }
        guard value.isFinite, abs(value) <= 1e15 else {
            throw error("must be a finite number of at most 1e15 in size, found \(text)")
        }
        if isMinimumExcluded ? value <= minimum : value < minimum {
            let bound = minimum.rounded() == minimum ? String(Int64(minimum)) : String(minimum)
            throw error("must be \(isMinimumExcluded ? "greater than" : "at least") \(bound), found \(text)")
        }
        return value
    }

    /// Reads a boolean (`true` or `false`, any capitalisation).
    ///
    /// - Throws: `ScenarioError` for any other text.
    func boolean() throws(ScenarioError) -> Bool {
        let text = try scalarText(expected: "true or false")
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw error("expected true or false, found \(kindDescription)")
        }
    }

    /// Reads a human duration (`90s`, `4h`, `1h30m`, `7d`) as milliseconds.
    ///
    /// - Parameter minimum: Smallest accepted value in milliseconds.
    /// - Returns: Milliseconds.
    /// - Throws: `ScenarioError` carrying the duration parser's explanation, or when below `minimum`.
    func durationMilliseconds(minimum: Int64 = 0) throws(ScenarioError) -> Int64 {
        let text = try scalarText(expected: "a duration such as 90s, 15m, 4h or 7d")
        let value: Int64
        do {
            value = try DurationParser.milliseconds(text)
        } catch {
            throw self.error(error.description)
        }
        guard value >= minimum else {
            throw error("must be at least \(DurationParser.format(milliseconds: minimum)), found \"\(text)\"")
        }
        return value
    }

    /// Reads a Kubernetes quantity with one of the `Quantity` converters.
    ///
    /// - Parameters:
    ///   - convert: For example `Quantity.cpuMillicores`.
    ///   - hint: Extra advice appended to the parser's message for a given failure (empty for none).
    /// - Returns: The converted amount (millicores, bytes or a count).
    /// - Throws: `ScenarioError` carrying the quantity parser's explanation.
    func quantity(
        _ convert: (String) throws(QuantityError) -> Int64, hint: (QuantityError) -> String = { _ in "" }
    ) throws(ScenarioError) -> Int64 {
        let text = try scalarText(expected: "a Kubernetes quantity such as 500m, 8 or 64Gi")
        do {
            return try convert(text)
        } catch {
            throw self.error(error.description + hint(error))
        }
    }

    private static func describe(_ range: ClosedRange<Int64>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }
}

extension String {
    /// The text without `_` digit separators (`1_000` → `1000`), as YAML 1.1 allows in numbers.
    fileprivate func replacingUnderscores() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
