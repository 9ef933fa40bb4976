/// Something legal in a scenario that is almost surely a mistake: a GPU model no node pool has, `memory: 128`
/// (128 bytes), a CronJob that never fires within the run, a gang no empty cluster holds, inference traffic above
/// what the maximum replicas can serve.
///
/// `capsim validate` and `capsim run` print warnings on stderr; `--strict` makes them errors (exit 65). The
/// description reads like a compiler diagnostic:
/// `scenarios/x.yaml:14: cluster.nodePools[0].memory: warning: 128 is 128 bytes; ...`.
public struct ScenarioWarning: Sendable, Equatable, CustomStringConvertible {
    /// Path of the scenario file, as given to the loader.
    public var file: String
    /// Key path of the suspicious value, for example `workloads[2].gpuModels[0]`.
    public var keyPath: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// What looks wrong and what was probably meant.
    public var message: String

    /// Creates a warning.
    ///
    /// - Parameters:
    ///   - file: Path of the scenario file.
    ///   - keyPath: Key path of the suspicious value.
    ///   - line: 1-based line, or `nil`.
    ///   - message: What looks wrong and what was probably meant.
    public init(file: String, keyPath: String, line: Int?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// `file:line: key.path: warning: message`.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(keyPath.isEmpty ? "" : "\(keyPath): ")warning: \(message)"
    }
}
