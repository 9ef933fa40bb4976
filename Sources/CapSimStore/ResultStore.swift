import CapSimCore
import Foundation
import GRDB

/// A SQLite file holding simulation runs: metadata, summary metrics, job records and time series.
///
/// The file is opened in WAL mode, so several capsim processes can write to it at once: a writer that finds
/// another process writing waits for it as long as it takes (SQLite's busy handler, polling every
/// `busyPollMilliseconds`), and says so through `onWait` after `waitNoticeSeconds`. Each run is written in a
/// single transaction: a failed or interrupted save leaves nothing behind, and after a failed write the
/// write-ahead log is checkpointed and truncated so a disk-full failure does not leave it at its high-water mark.
///
/// ```swift
/// let store = try ResultStore(path: "capsim.sqlite")
/// let id = try store.save(metadata, result: result)
/// let latest = try store.resolveRun("latest")
/// ```
///
/// Commands that only read (listing, comparing) open the store with `ResultStore(path:readOnly: true)`, which
/// never writes to the file, so they also work on a database file the user cannot write.
public final class ResultStore: Sendable {
    /// How long a read-only connection waits for another process's lock before failing, seconds.
    ///
    /// Writers never give up (see the type's documentation); readers of a WAL database are blocked only while
    /// another process recovers the log, which this bounds.
    public static let busyTimeoutSeconds: Double = 10

    /// How often a writer that finds the database locked tries again, milliseconds.
    public static let busyPollMilliseconds = 10

    /// How long a writer waits before `onWait` is first told, seconds; it is then told again every minute.
    public static let waitNoticeSeconds = 10

    /// The write-ahead log is truncated to at most this many bytes whenever it is reset (SQLite's
    /// `journal_size_limit`), so one large run does not keep the log at its high-water mark.
    public static let journalSizeLimitBytes = 64 << 20

    /// Path of the database file.
    public let path: String

    /// Whether the store was opened read-only: `save` then fails and the file is never written.
    public let isReadOnly: Bool

    /// The GRDB connection: a pool (one writer, concurrent readers) when writable, a read-only queue otherwise.
    let pool: any DatabaseWriter

    // MARK: - Initializers

    /// Opens the store at `path`, creating the file and its tables if needed.
    ///
    /// A file that is not a capsim database is never modified: its first bytes and its tables are
    /// checked through a read-only connection before the store switches it to WAL mode.
    ///
    /// - Parameter path: Location of the SQLite file.
    /// - Throws: `StoreError.notADatabase`, `.corrupt`, `.notCapsimDatabase` or `.newerSchema` when the
    ///   file is not a usable capsim database; `.cannotOpen` when it cannot be created or opened.
    public convenience init(path: String) throws {
        try self.init(path: path, readOnly: false)
    }

    /// Opens the store at `path` for writing, telling `onWait` while it waits for another process's write.
    ///
    /// - Parameters:
    ///   - path: Location of the SQLite file.
    ///   - onWait: Called with the seconds waited so far (10, 70, 130, …) while another process holds the
    ///     write lock; the wait itself never times out.
    /// - Throws: As `init(path:)`.
    public convenience init(path: String, onWait: @escaping @Sendable (_ waitedSeconds: Int) -> Void) throws {
        try self.init(path: path, readOnly: false, onWait: onWait)
    }

    /// Opens the store at `path`, either for reading and writing (see `init(path:)`) or read-only.
    ///
    /// Read-only, the file must exist; it is opened with SQLite's read-only flag and no migration runs, so
    /// its bytes and modification time never change (SQLite may still create the `-wal` and `-shm` files
    /// next to a WAL-mode database, which readers need for their shared lock state). A file holding no
    /// tables at all reads as a store without runs. Foreign, damaged and newer-schema files are rejected
    /// with the same errors as a writable open.
    ///
    /// - Parameters:
    ///   - path: Location of the SQLite file.
    ///   - readOnly: Open without ever writing; `save` then throws.
    ///   - onWait: For a writable store, called with the seconds waited so far while another process holds the
    ///     write lock (see `init(path:onWait:)`).
    /// - Throws: `StoreError.notADatabase`, `.corrupt`, `.notCapsimDatabase` or `.newerSchema` when the
    ///   file is not a usable capsim database; `.cannotOpen` when it cannot be created or opened (or, read-only,
    ///   does not exist).
    public init(path: String, readOnly: Bool, onWait: (@Sendable (_ waitedSeconds: Int) -> Void)? = nil) throws {
        self.path = path
        isReadOnly = readOnly
        if readOnly {
            pool = try Self.openReadOnly(path)
            return
        }
        // Before anything opens the file: reading a WAL database creates its -wal and -shm companions.
        try Self.checkWritable(path)
        if try Self.fileHasContent(path) {
            try Self.checkSQLiteHeader(path)
            try Self.inspectExisting(path)
        }
        var configuration = Configuration()
        configuration.busyMode = .callback(Self.waitingForever(notify: onWait))
        configuration.foreignKeysEnabled = true
        configuration.label = "capsim.ResultStore"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.journalSizeLimitBytes)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "open the database")
        }
        do {
            try Self.migrate(pool)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "create or upgrade the tables")
        }
        self.pool = pool
    }

    /// A busy handler that never gives up: it sleeps `busyPollMilliseconds` per try and calls `notify` after
    /// `waitNoticeSeconds` of waiting, then every 60 s.
    ///
    /// SQLite calls it only where waiting can help (GRDB starts write transactions `IMMEDIATE`, so a writer waits
    /// for the lock before reading anything and can never deadlock with another writer).
    static func waitingForever(notify: (@Sendable (Int) -> Void)?) -> Database.BusyCallback {
        let triesPerSecond = 1000 / busyPollMilliseconds
        return { tries in
            usleep(useconds_t(busyPollMilliseconds * 1000))
            let waited = (tries + 1) / triesPerSecond
            if (tries + 1) % triesPerSecond == 0, waited >= waitNoticeSeconds, (waited - waitNoticeSeconds) % 60 == 0 {
                notify?(waited)
            }
            return true
        }
    }

    /// Opens an existing file read-only after the same checks as a writable open.
    ///
    /// A file without tables (empty, or a fresh SQLite file) is replaced by an empty in-memory store, so the
    /// queries find the capsim tables and return no runs.
    private static func openReadOnly(_ path: String) throws -> any DatabaseWriter {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "no such file")
        }
        let hasContent = try fileHasContent(path)
        if hasContent {
            try checkSQLiteHeader(path)
        }
        do {
            if hasContent, let queue = try openExistingReadOnly(path) {
                return queue
            }
            let empty = try DatabaseQueue(configuration: Configuration())
            try schemaMigrator.migrate(empty)
            return empty
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "open the database read-only")
        }
    }

    /// Opens and inspects an existing database read-only; `nil` when it holds no capsim tables yet.
    ///
    /// To read a WAL-mode database, SQLite needs its `-shm` file (and creates it, with an empty `-wal`, when
    /// missing). In a directory the user cannot write, those files cannot be created; as no process can
    /// then write the database either (a writer needs the same files), it is read as immutable instead.
    private static func openExistingReadOnly(_ path: String) throws -> DatabaseQueue? {
        do {
            return try openAndInspect(path, location: path)
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN
        {
            let directory = (path as NSString).deletingLastPathComponent
            guard access(directory.isEmpty ? "." : directory, W_OK) != 0 else {
                throw error
            }
            var uri = URLComponents()
            uri.scheme = "file"
            uri.path = URL(fileURLWithPath: path).standardizedFileURL.path
            uri.queryItems = [URLQueryItem(name: "mode", value: "ro"), URLQueryItem(name: "immutable", value: "1")]
            let detail =
                "SQLite must create '\(path)-shm' to read this WAL-mode database, and the directory is not writable"
            guard let location = uri.string else {
                throw StoreError.cannotOpen(path: path, detail: detail)
            }
            do {
                return try openAndInspect(path, location: location)
            } catch is DatabaseError {
                // This SQLite does not accept URI file names (or the retry failed the same way).
                throw StoreError.cannotOpen(path: path, detail: detail)
            }
        }
    }

    /// Opens `location` (a path, or a `file:` URI) read-only and checks its tables.
    private static func openAndInspect(_ path: String, location: String) throws -> DatabaseQueue? {
        let configuration = readOnlyConfiguration(label: "capsim.ResultStore")
        let queue = try DatabaseQueue(path: location, configuration: configuration)
        if try inspect(queue, path: path) {
            return queue
        }
        try queue.close()
        return nil
    }

    /// A configuration for a connection that never writes.
    private static func readOnlyConfiguration(label: String) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        configuration.label = label
        return configuration
    }

    // MARK: - Opening checks

    /// Whether a file exists at `path` and holds at least one byte (an empty file is a new database).
    private static func fileHasContent(_ path: String) throws -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return false
        }
        if isDirectory.boolValue {
            throw StoreError.cannotOpen(
                path: path, detail: "it is a directory (use --db with a file path, for example \(path)/capsim.sqlite)")
        }
        let attributes = try? manager.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return size > 0
    }

    /// Throws `StoreError.cannotOpen` when a run could not be written to `path`: the file, or its `-wal` or
    /// `-shm` companion, exists but is not writable, or the folder is not writable (SQLite creates the companions
    /// there). Checked before SQLite opens anything, so a failed attempt leaves no companion files behind that
    /// would then block the file's owner.
    private static func checkWritable(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return  // `fileHasContent` says it is a directory.
        }
        for file in [path, path + "-wal", path + "-shm"] where manager.fileExists(atPath: file) {
            guard access(file, W_OK) == 0 else {
                throw StoreError.cannotOpen(
                    path: path,
                    detail: "'\(file)' is not writable by this user; runs are stored by writing to it (use --db "
                        + "for a file you can write, or fix its permissions)")
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        // A missing folder is reported by the open itself ("check that the directory exists").
        if manager.fileExists(atPath: directory.isEmpty ? "." : directory),
            access(directory.isEmpty ? "." : directory, W_OK) != 0
        {
            throw StoreError.cannotOpen(
                path: path,
                detail: "the folder '\(directory.isEmpty ? "." : directory)' is not writable; SQLite keeps a "
                    + "write-ahead log beside the database (use --db for a file in a folder you can write)")
        }
    }

    /// Throws `StoreError.notADatabase` unless the file starts with the SQLite magic header.
    private static func checkSQLiteHeader(_ path: String) throws {
        let magic = Array("SQLite format 3\u{0}".utf8)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "the file is not readable")
        }
        defer { try? handle.close() }
        let header: Data
        do {
            header = try handle.read(upToCount: magic.count) ?? Data()
        } catch {
            throw StoreError.cannotOpen(path: path, detail: "\(error)")
        }
        guard Array(header) == magic else {
            throw StoreError.notADatabase(path: path)
        }
    }

    /// Reads the schema of an existing SQLite file without writing to it, and rejects foreign,
    /// corrupt or newer databases.
    private static func inspectExisting(_ path: String) throws {
        do {
            let configuration = readOnlyConfiguration(label: "capsim.ResultStore.inspect")
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            _ = try inspect(queue, path: path)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "read the database schema")
        }
    }

    /// Checks the tables of a database: throws `StoreError.notCapsimDatabase` or `.newerSchema` when it is
    /// not a capsim store this version can read.
    ///
    /// - Returns: `false` when the database holds no capsim tables yet (a new, empty database), `true` otherwise.
    private static func inspect(_ reader: any DatabaseReader, path: String) throws -> Bool {
        try reader.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                    """
            )
            guard !tables.isEmpty else {
                return false
            }
            guard tables.contains("grdb_migrations") else {
                throw StoreError.notCapsimDatabase(path: path, tables: tables)
            }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            let known = Set(schemaMigrator.migrations)
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
            }
            if applied.contains("v1") && !tables.contains("runs") {
                throw StoreError.notCapsimDatabase(path: path, tables: tables)
            }
            // Only the migration table (a store whose first migration never completed): no capsim tables yet.
            return applied.contains("v1")
        }
    }

    /// Applies pending migrations, retrying once in case another process migrated the file concurrently.
    private static func migrate(_ pool: DatabasePool) throws {
        do {
            try schemaMigrator.migrate(pool)
        } catch {
            try schemaMigrator.migrate(pool)
        }
    }

    // MARK: - Access helpers

    /// Runs a read transaction, converting failures to `StoreError`.
    func reading<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Runs a write transaction, converting failures to `StoreError`; nothing is committed if `body` throws.
    func writing<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else {
            throw StoreError.database(path: path, operation: operation, detail: "the store was opened read-only")
        }
        do {
            return try pool.write(body)
        } catch {
            truncateLog()
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Checkpoints the write-ahead log into the database and truncates it to zero bytes, as far as readers
    /// allow; used after a failed write (for example a full disk), whose frames would otherwise keep the log
    /// at its high-water mark. Failures are ignored: the log is then reused as it is.
    func truncateLog() {
        _ = try? pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
