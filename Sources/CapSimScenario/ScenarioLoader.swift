import CapSimCore
import Foundation
import Yams

/// Loads YAML scenario files and turns them into validated `SimulationInput`s.
///
/// The schema is walked by hand over `Yams.Node` (not `Codable`), so every error names the key path and line,
/// and unknown keys are rejected with the nearest valid key suggested. `scenarios/quickstart.yaml` is a
/// commented walk-through of the schema; the allowed keys of each level are listed in `ScenarioParser`.
public struct ScenarioLoader: Sendable {
    /// Folder that relative `trace:` file paths are resolved against.
    public var tracesDirectory: String
    /// Build the scenario's `staticPartition` baseline (dedicated machines per team, no shared cluster) instead of
    /// the Kubernetes cluster; loading throws when the scenario has no such section.
    public var staticPartition: Bool

    /// Creates a loader.
    ///
    /// - Parameters:
    ///   - tracesDirectory: Folder that relative trace paths (`openb/openb_pod_list_default.csv`) are resolved
    ///     against; absolute trace paths are used as they are.
    ///   - staticPartition: Load the static-partition baseline variant.
    public init(tracesDirectory: String, staticPartition: Bool = false) {
        self.tracesDirectory = tracesDirectory
        self.staticPartition = staticPartition
    }

    /// Loads and validates a scenario file.
    ///
    /// - Parameters:
    ///   - path: Path of a YAML scenario.
    ///   - seedOverride: A seed that replaces the file's `seed` (for example from `--seed`).
    /// - Returns: The scenario, its content hash, the simulation input and any `ScenarioWarning`s.
    /// - Throws: `ScenarioError` when the file is missing or unreadable, is not valid YAML, or breaks the schema.
    public func load(path: String, seedOverride: UInt64? = nil) throws -> LoadedScenario {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScenarioError(file: path, message: "is a directory; give the path of a scenario YAML file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let absolute = URL(fileURLWithPath: path).path
            let message =
                FileManager.default.fileExists(atPath: path)
                ? "cannot read the scenario file: \(error.localizedDescription)"
                : "scenario file not found" + (absolute == path ? "" : " (looked for \(absolute))")
            throw ScenarioError(file: path, message: message)
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, message: "the scenario file is not valid UTF-8 text")
        }
        return try load(yaml: yaml, bytes: Array(data), path: path, seedOverride: seedOverride)
    }

    /// Loads and validates a scenario from text (for tests and for scenarios that do not live in a file).
    ///
    /// - Parameters:
    ///   - yaml: The scenario text.
    ///   - path: The name to use in errors and in `LoadedScenario.path`.
    ///   - seedOverride: A seed that replaces the file's `seed`.
    /// - Returns: The scenario; its content hash is computed over the UTF-8 bytes of `yaml`.
    /// - Throws: `ScenarioError` when the text is not valid YAML or breaks the schema.
    public func load(yaml: String, path: String, seedOverride: UInt64? = nil) throws -> LoadedScenario {
        try load(yaml: yaml, bytes: Array(yaml.utf8), path: path, seedOverride: seedOverride)
    }

    /// FNV-1a 64-bit hash of some bytes, as 16 lowercase hex digits.
    ///
    /// - Parameter bytes: File contents.
    /// - Returns: 16 hex digits, for example `cbf29ce484222325` for empty input.
    static func contentHash<Bytes: Sequence<UInt8>>(of bytes: Bytes) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func load(yaml: String, bytes: [UInt8], path: String, seedOverride: UInt64?) throws -> LoadedScenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: path, yaml: yaml)
        } catch {
            throw ScenarioError(file: path, message: "not valid YAML: \(error)")
        }
        guard let root else {
            throw ScenarioError(
                file: path, line: 1,
                message: "the scenario is empty; it needs at least `name`, "
                    + "`cluster` and `workloads`")
        }
        var parser = ScenarioParser(file: path, tracesDirectory: tracesDirectory, seedOverride: seedOverride)
        parser.staticPartition = staticPartition
        let hash = Self.contentHash(of: bytes)
        var loaded = try parser.parse(root: SchemaNode(node: root, path: "", file: path), contentHash: hash)
        loaded.warnings = ScenarioLinter(file: path, root: root, input: loaded.input).warnings()
        return loaded
    }

    /// The line of the second `key:` at the indentation of the first one, searching from the mapping's first line
    /// (Yams reports only where the mapping starts).
    private static func repeatLine(of key: String, in yaml: String, from startLine: Int) -> Int? {
        var indentation: Int?
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 >= startLine {
            var text = Substring(line)
            let leading = text.prefix { $0 == " " || $0 == "-" }.count
            text = text.dropFirst(leading)
            guard text.hasPrefix(key + ":") else { continue }
            if let indentation {
                if leading == indentation { return index + 1 }
            } else {
                indentation = leading
            }
        }
        return nil
    }

    /// Turns a Yams error into a `ScenarioError` with the line and column where the parser stopped.
    private static func syntaxError(_ error: YamlError, file: String, yaml: String) -> ScenarioError {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> ScenarioError {
            let contextText = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return ScenarioError(
                file: file, line: mark.line,
                message: "YAML syntax error at line \(mark.line), column \(mark.column): \(problem)\(contextText)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(problem, context, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioError(
                file: file,
                line: repeatLine(of: duplicates.sorted().first ?? "", in: yaml, from: context.mark.line)
                    ?? context.mark.line,
                message:
                    "duplicate key(s) \(duplicates.sorted().joined(separator: ", ")) in the mapping that starts at line "
                    + "\(context.mark.line); each key may appear once")
        case .reader(let problem, let offset, _, _):
            return ScenarioError(
                file: file, message: "YAML reader error\(offset.map { " at byte \($0)" } ?? ""): \(problem)")
        default:
            return ScenarioError(file: file, message: "not valid YAML: \(error)")
        }
    }
}
