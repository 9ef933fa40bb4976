import CapSimCore
import Foundation
import GRDB

/// A SQLite file holding simulation runs: metadata, summary metrics, job records and time series.
///
/// The file is opened in WAL mode with a busy timeout, so several capsim processes can write to it at
/// once. Each run is written in a single transaction: a failed or interrupted save leaves nothing behind.
///
/// ```swift
/// let store = try ResultStore(path: "capsim.sqlite")
/// let id = try store.save(metadata, result: result)
/// let latest = try store.resolveRun("latest")
/// ```
public final class ResultStore: Sendable {
    /// How long a write waits for another process's lock before failing, seconds.
    public static let busyTimeoutSeconds: Double = 10

    /// Path of the database file.
    public let path: String

    /// The GRDB connection pool (one writer, concurrent readers).
    let pool: DatabasePool

    // MARK: - Initializers

    /// Opens the store at `path`, creating the file and its tables if needed.
    ///
    /// A file that is not a capsim database is never modified: its first bytes and its tables are
    /// checked through a read-only connection before the store switches it to WAL mode.
    ///
    /// - Parameter path: Location of the SQLite file.
    /// - Throws: `StoreError.notADatabase`, `.corrupt`, `.notCapsimDatabase` or `.newerSchema` when the
    ///   file is not a usable capsim database; `.cannotOpen` when it cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        if try Self.fileHasContent(path) {
            try Self.checkSQLiteHeader(path)
            try Self.inspectExisting(path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeoutSeconds)
        configuration.foreignKeysEnabled = true
        configuration.label = "capsim.ResultStore"
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

    // MARK: - Opening checks

    /// Whether a file exists at `path` and holds at least one byte (an empty file is a new database).
    private static func fileHasContent(_ path: String) throws -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return false
        }
        if isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, detail: "it is a directory")
        }
        let attributes = try? manager.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return size > 0
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
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        configuration.label = "capsim.ResultStore.inspect"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master
                        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                        """
                )
                guard !tables.isEmpty else {
                    return
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
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "read the database schema")
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
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }
}
