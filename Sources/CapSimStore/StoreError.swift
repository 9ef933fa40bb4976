/// An error from the result store, with a message that tells the user what to do next.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file exists but SQLite cannot read it as a database (foreign content or a damaged header).
    case notADatabase(path: String)
    /// The file is an SQLite database whose content is damaged.
    case corrupt(path: String, detail: String)
    /// The file is a valid SQLite database that was not created by capsim.
    case notCapsimDatabase(path: String, tables: [String])
    /// The file was migrated by a newer capsim: it holds schema migrations this version does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// SQLite could not open or create the file (missing directory, permissions, ...).
    case cannotOpen(path: String, detail: String)
    /// Another process kept the database locked for longer than the busy timeout.
    case busy(path: String, timeoutSeconds: Double)
    /// Any other SQLite failure while performing `operation`.
    case database(path: String, operation: String, detail: String)
    /// The result cannot be stored as given (for example a time series column of the wrong length).
    case invalidResult(reason: String)
    /// A stored row holds a value this version cannot decode (for example an unknown job state).
    case invalidStoredValue(path: String, detail: String)
    /// No stored run matches a run reference such as `7`, `latest` or `latest~1`.
    case runNotFound(reference: String, reason: String)

    /// What kind of problem a `StoreError` is, so a caller (the CLI's exit code) can react without reading the
    /// message.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// No stored run matches the reference the caller gave; the database itself is fine.
        case runNotFound
        /// The file cannot serve as this capsim's result store: not SQLite, damaged, another program's tables,
        /// a newer schema, or a stored value this version cannot decode.
        case unusableDatabase
        /// SQLite could not open, lock, read or write the file.
        case io
        /// The run handed to `save` is inconsistent; nothing was written.
        case invalidResult
    }

    /// What kind of problem this is, one per case.
    public var kind: Kind {
        switch self {
        case .runNotFound: return .runNotFound
        case .notADatabase, .corrupt, .notCapsimDatabase, .newerSchema, .invalidStoredValue: return .unusableDatabase
        case .cannotOpen, .busy, .database: return .io
        case .invalidResult: return .invalidResult
        }
    }

    /// A message for the user that names the file or run and suggests a fix.
    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "'\(path)' is not a capsim result database (SQLite cannot read it: not a database file, "
                + "or its header is damaged); pass another file with --db or move this one away"
        case .corrupt(let path, let detail):
            return "'\(path)' is a damaged SQLite database (\(detail)); "
                + "restore it from a backup or pass a new file with --db"
        case .notCapsimDatabase(let path, let tables):
            let listed = tables.prefix(8).joined(separator: ", ")
            return "'\(path)' is an SQLite database but not a capsim result store (tables: \(listed)); "
                + "pass another file with --db"
        case .newerSchema(let path, let unknownMigrations):
            return "'\(path)' was written by a newer capsim (unknown schema migrations: "
                + "\(unknownMigrations.joined(separator: ", "))); upgrade capsim or pass another file with --db"
        case .cannotOpen(let path, let detail):
            // Details that already say what to do (permissions, directories) get no generic hint.
            let hint = detail.contains("(use --db") ? "" : "; check that the directory exists and is writable"
            return "cannot open result database '\(path)': \(detail)\(hint)"
        case .busy(let path, let timeoutSeconds):
            return "'\(path)' stayed locked by another process for more than "
                + "\(Int(timeoutSeconds)) s; retry when the other capsim process has finished"
        case .database(let path, let operation, let detail):
            return "could not \(operation) in '\(path)': \(detail)"
        case .invalidResult(let reason):
            return "cannot store the run: \(reason)"
        case .invalidStoredValue(let path, let detail):
            return "'\(path)' holds a value this capsim cannot read (\(detail)); "
                + "it may have been written by a newer capsim"
        case .runNotFound(let reference, let reason):
            return "no stored run matches '\(reference)' (\(reason)); use a run id such as 3, "
                + "'latest', or 'latest~N' for the N-th run before the newest (`capsim runs` lists them)"
        }
    }
}
