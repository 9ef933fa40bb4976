import CapSimCore
import CapSimTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

@testable import CapSimStore

/// Issue #9 defects 5 and 10: no run is lost to another writer, and a failed write does not leave the log large.
@Suite struct ConcurrentWriterTests {
    /// A result with `count` jobs, big enough that writing it takes a while.
    private static func largeResult(jobs count: Int) -> SimulationResult {
        let template = StoreFixtures.jobs[0]
        let jobs = (0..<count).map { index in
            var job = template
            job.name = "job-\(index)"
            job.submitMilliseconds = Int64(index)
            return job
        }
        return SimulationResult(
            jobs: jobs, summary: StoreFixtures.summary, series: StoreFixtures.series, endMilliseconds: 60_500,
            eventsProcessed: 17)
    }

    @Test("a save waits past the old 10 s limit for another process's write, says so, and is stored")
    func waitsForLongWrite() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        let notices = Mutex<[Int]>([])
        let store = try ResultStore(path: path) { waited in notices.withLock { $0.append(waited) } }
        // Another connection (as another process would) holds the write lock for 11.5 s.
        let blocker = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let blockerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? blocker.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 11.5)
                try db.execute(sql: "COMMIT")
            }
            blockerDone.signal()
        }
        locked.wait()

        let id = try store.save(StoreFixtures.metadata(), result: StoreFixtures.result())

        blockerDone.wait()
        #expect(id == 1)
        #expect(try store.jobs(runID: 1) == StoreFixtures.jobs)
        #expect(notices.withLock { $0 } == [10])
    }

    @Test("16 writers into one file: every run is stored, with its own id and rows")
    func sixteenWriters() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        _ = try ResultStore(path: path)
        let result = Self.largeResult(jobs: 40_000)
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    // Each writer has its own connection, as separate capsim processes do.
                    let store = try ResultStore(path: path)
                    return try store.save(StoreFixtures.metadata(seed: UInt64(writer)), result: result)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ids.sorted() == Array(1...16))
        let store = try ResultStore(path: path, readOnly: true)
        let runs = try store.runs()
        #expect(runs.count == 16)
        #expect(Set(runs.map(\.metadata.seed)) == Set((0..<16).map { UInt64($0) }))
        for run in runs {
            #expect(run.jobCount == 40_000)
        }
    }

    @Test("a write that fails on a full disk rolls back and truncates the log; the next small run is stored")
    func fullDiskTruncatesLog() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        let store = try ResultStore(path: path)
        try store.save(StoreFixtures.metadata(), result: StoreFixtures.result())
        // SQLite reports SQLITE_FULL once the database would grow past max_page_count, as on a full disk.
        let pages = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 200)")
        }

        #expect(throws: StoreError.self) {
            try store.save(StoreFixtures.metadata(seed: 2), result: Self.largeResult(jobs: 200_000))
        }

        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
        #expect(walSize == 0)
        #expect(try store.runs().count == 1)
        let id = try store.save(StoreFixtures.metadata(seed: 3), result: StoreFixtures.result())
        #expect(id == 2)
    }
}
