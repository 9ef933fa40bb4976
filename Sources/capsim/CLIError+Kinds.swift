import CapSimScenario
import CapSimStore

extension CLIError {
    /// Reports a library error: its description becomes the message and its kind chooses the exit code.
    ///
    /// - Parameters:
    ///   - error: Any error; a `CLIError` is returned unchanged.
    ///   - fallback: The code for an error of a type that carries no kind.
    init(_ error: any Error, fallback: Code) {
        let code: Code
        switch error {
        case let error as CLIError:
            self = error
            return
        case let error as ScenarioError: code = Self.code(for: error.kind)
        case let error as TraceError: code = Self.code(for: error.kind)
        case let error as StoreError: code = Self.code(for: error.kind)
        default: code = fallback
        }
        self.init(message: "\(error)", code: code, cause: error)
    }

    /// 66 for a missing scenario or trace file, 65 for any other scenario problem.
    static func code(for kind: ScenarioError.Kind) -> Code {
        switch kind {
        case .notFound: return .noInput
        case .unreadable, .invalid: return .dataError
        }
    }

    /// 66 for a missing trace file, 65 for any other trace problem.
    static func code(for kind: TraceError.Kind) -> Code {
        switch kind {
        case .notFound: return .noInput
        case .unreadable, .invalid: return .dataError
        }
    }

    /// 64 for a run reference that matches no stored run (a bad argument), 74 for any database failure.
    static func code(for kind: StoreError.Kind) -> Code {
        switch kind {
        case .runNotFound: return .usage
        case .unusableDatabase, .io, .invalidResult: return .ioError
        }
    }
}
