/// A problem with a scenario: which file, where in it, and what to change.
///
/// The description reads like a compiler diagnostic, for example
/// `scenarios/x.yaml:12: workloads[0].requests.memory: invalid quantity "12Gb": ...`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem an error is, so a caller (the CLI's exit code) can react without reading the message.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The scenario file, or a trace file it names, does not exist.
        case notFound
        /// The file exists but cannot be read as a file (permissions, a directory).
        case unreadable
        /// The content is not valid UTF-8 or YAML, or breaks the schema.
        case invalid
    }

    /// Path of the scenario file (as given to the loader) or of the file that could not be read.
    public var file: String
    /// Key path of the offending value, for example `workloads[1].requests.memory`; empty for whole-file problems.
    public var keyPath: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// What is wrong and what is allowed.
    public var message: String
    /// What kind of problem this is.
    public var kind: Kind

    /// Creates an error of a given kind.
    ///
    /// - Parameters:
    ///   - file: Path of the file.
    ///   - keyPath: Key path of the offending value, or empty.
    ///   - line: 1-based line, or `nil`.
    ///   - message: What is wrong and what is allowed.
    ///   - kind: What kind of problem this is.
    public init(file: String, keyPath: String = "", line: Int? = nil, message: String, kind: Kind) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
        self.kind = kind
    }

    /// Creates an error whose kind follows from the loader's and parser's messages.
    ///
    /// Transitional: the throw sites in `ScenarioLoader` (missing or unreadable scenario file) and
    /// `ScenarioParser.resolveTracePath` (missing trace file) do not pass a kind yet, so this initializer recognises
    /// the messages they use; every other error is `.invalid`. New throw sites should pass `kind:`, and once those
    /// two do, this can default to `.invalid`.
    ///
    /// - Parameters:
    ///   - file: Path of the file.
    ///   - keyPath: Key path of the offending value, or empty.
    ///   - line: 1-based line, or `nil`.
    ///   - message: What is wrong and what is allowed.
    public init(file: String, keyPath: String = "", line: Int? = nil, message: String) {
        self.init(
            file: file, keyPath: keyPath, line: line, message: message,
            kind: Self.kind(keyPath: keyPath, message: message))
    }

    /// `file:line: keyPath: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }

    /// The kind of an error thrown without one: a whole-file error (no key path) about a missing or unreadable
    /// scenario file, or a missing trace file at a key path; anything else, an unknown key `not found` included,
    /// is invalid input.
    private static func kind(keyPath: String, message: String) -> Kind {
        if keyPath.isEmpty {
            if message.hasPrefix("scenario file not found") { return .notFound }
            if message.hasPrefix("cannot read the scenario file") || message.hasPrefix("is a directory") {
                return .unreadable
            }
            return .invalid
        }
        return message.hasPrefix("trace file not found:") ? .notFound : .invalid
    }
}
