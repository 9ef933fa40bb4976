/// A problem with a scenario: which file, where in it, and what to change.
///
/// The description reads like a compiler diagnostic, for example
/// `scenarios/x.yaml:12: workloads[0].requests.memory: invalid quantity "12Gb": ...`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Path of the scenario file (as given to the loader) or of the file that could not be read.
    public var file: String
    /// Key path of the offending value, for example `workloads[1].requests.memory`; empty for whole-file problems.
    public var keyPath: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - file: Path of the file.
    ///   - keyPath: Key path of the offending value, or empty.
    ///   - line: 1-based line, or `nil`.
    ///   - message: What is wrong and what is allowed.
    public init(file: String, keyPath: String = "", line: Int? = nil, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// `file:line: keyPath: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }
}
