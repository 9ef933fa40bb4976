import CapSimCore
import CapSimStore
import CapSimTestSupport
import Foundation
import GRDB
import Testing

/// `ResultStore(path:readOnly: true)`: reads without ever writing the file, and rejects the same bad files.
@Suite struct ReadOnlyStoreTests {
    /// The bytes and modification time of a file, to prove it was not written.
    private struct Snapshot: Equatable {
        let bytes: Data
        let modified: Date

        init(_ path: String) throws {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            modified = try #require(attributes[.modificationDate] as? Date)
        }
    }

    /// A store file holding two runs, with every connection closed.
    private func storeWithTwoRuns(_ directory: ScratchDirectory) throws -> String {
        let path = directory.path("capsim.sqlite")
        let store = try ResultStore(path: path)
        try store.save(StoreFixtures.metadata(seed: 1), result: StoreFixtures.result())
        try store.save(StoreFixtures.metadata(seed: 2), result: StoreFixtures.result())
        return path
    }

    /// Sizes of the `-wal` files next to `path` (an empty WAL holds no write).
    private func walSize(_ path: String) -> Int64? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return (attributes?[.size] as? NSNumber)?.int64Value
    }

    @Test("read-only: lists, resolves and reads runs; the file's bytes and mtime do not change")
    func readsWithoutWriting() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try storeWithTwoRuns(directory)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the writer removed its WAL on close")
        let before = try Snapshot(path)
        // Let a write be visible in the modification time even on filesystems with coarse timestamps.
        Thread.sleep(forTimeInterval: 1.1)

        do {
            let store = try ResultStore(path: path, readOnly: true)
            #expect(store.isReadOnly)
            #expect(try store.runs().map(\.id) == [2, 1])
            #expect(try store.resolveRun("latest~1").metadata.seed == 1)
            #expect(try store.summary(runID: 2) == StoreFixtures.summary)
            #expect(try store.jobs(runID: 1) == StoreFixtures.jobs)
            let error = #expect(throws: StoreError.self) {
                try store.save(StoreFixtures.metadata(seed: 3), result: StoreFixtures.result())
            }
            #expect(error?.description.contains("read-only") == true)
        }

        #expect(try Snapshot(path) == before, "a read-only store never writes the database file")
        // SQLite creates -wal/-shm for readers of a WAL database; the WAL must hold nothing.
        #expect((walSize(path) ?? 0) == 0)
        #expect(try ResultStore(path: path).runs().count == 2, "the refused save stored nothing")
    }

    @Test("read-only works on a file whose permissions forbid writing (r--r--r--)")
    func filePermissionsReadOnly() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try storeWithTwoRuns(directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let before = try Snapshot(path)

        #expect(try ResultStore(path: path, readOnly: true).runs().map(\.id) == [2, 1])

        #expect(try Snapshot(path) == before)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o444)
    }

    @Test("read-only: an empty file reads as a store without runs and stays empty")
    func emptyFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let store = try ResultStore(path: path, readOnly: true)

        #expect(try store.runs().isEmpty)
        #expect(throws: StoreError.runNotFound(reference: "latest", reason: "the database holds 0 runs")) {
            try store.resolveRun("latest")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["empty.sqlite"])
    }

    @Test("read-only: a missing file is not created")
    func missingFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("none.sqlite")

        #expect(throws: StoreError.cannotOpen(path: path, detail: "no such file")) {
            try ResultStore(path: path, readOnly: true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test("read-only: a file that is not SQLite is refused like a writable open, bytes unchanged")
    func garbageFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("notes.sqlite")
        let bytes = Data("just some notes\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))

        #expect(throws: StoreError.notADatabase(path: path)) { try ResultStore(path: path, readOnly: true) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["notes.sqlite"])
    }

    @Test("read-only: another application's database is refused")
    func foreignDatabase() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        }
        let before = try Snapshot(path)

        #expect(throws: StoreError.notCapsimDatabase(path: path, tables: ["invoices"])) {
            try ResultStore(path: path, readOnly: true)
        }
        #expect(try Snapshot(path) == before)
    }

    @Test("read-only: a database migrated by a newer capsim is refused")
    func newerSchema() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try storeWithTwoRuns(directory)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }

        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v9-from-the-future"])) {
            try ResultStore(path: path, readOnly: true)
        }
    }
}
