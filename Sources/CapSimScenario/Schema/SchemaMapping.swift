/// The entries of a YAML mapping whose keys were checked against an allowed set.
struct SchemaMapping {
    /// One key and its value.
    struct Entry {
        /// The key, as written.
        let key: String
        /// The value, with the key appended to its path.
        let value: SchemaNode
    }

    /// The mapping node itself (for "missing key" errors).
    let owner: SchemaNode
    /// Entries in file order.
    let entries: [Entry]

    /// Keys present, in file order.
    var keys: [String] { entries.map(\.key) }

    /// The value of `key`, or `nil` when the key is absent or its value is null.
    func optional(_ key: String) -> SchemaNode? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of a key that must be present.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - what: Words that say what the key holds, for the error (for example `the node count`).
    /// - Returns: The value node.
    /// - Throws: `ScenarioError` at the mapping's line, naming the missing key's path.
    func required(_ key: String, _ what: String = "") throws(ScenarioError) -> SchemaNode {
        if let value = optional(key) { return value }
        let present = entries.contains { $0.key == key }
        let keyPath = owner.path.isEmpty ? key : "\(owner.path).\(key)"
        let detail = what.isEmpty ? "" : " (\(what))"
        throw ScenarioError(
            file: owner.file, keyPath: keyPath,
            line: entries.first(where: { $0.key == key })?.value.line ?? owner.line,
            message: present ? "a value is required\(detail)" : "required key `\(key)` is missing\(detail)")
    }
}
