import CapSimCore
import CapSimStore
import CapSimTestSupport
import Foundation
import GRDB
import Testing

@Suite struct ResultStoreTests {
    @Test("a saved run reads back identical: metadata, summary, jobs, series")
    func roundTrip() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))
        var metadata = StoreFixtures.metadata(seed: UInt64.max - 6)
        metadata.scenarioDescription = "quotes ' and \" and ünïcode"
        let result = StoreFixtures.result()

        let id = try store.save(metadata, result: result)

        #expect(id == 1)
        let run = try #require(try store.run(id: id))
        #expect(run == StoredRun(id: 1, metadata: metadata, jobCount: 3, endMilliseconds: 60_500, eventsProcessed: 17))
        #expect(run.metadata.seed == 18_446_744_073_709_551_609)
        #expect(try store.summary(runID: id) == StoreFixtures.summary)
        #expect(try store.jobs(runID: id) == StoreFixtures.jobs)
        #expect(try store.jobs(runID: id)[2].startMilliseconds == nil)
        #expect(try store.series(runID: id) == StoreFixtures.series)
        #expect(try store.result(runID: id) == result)
        #expect(try store.run(id: 2) == nil)
        #expect(try store.result(runID: 2) == nil)
    }

    @Test("runs persist across reopening, and the derived queue time is stored for SQL users")
    func reopen() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        let id = try ResultStore(path: path).save(StoreFixtures.metadata(), result: StoreFixtures.result())

        let reopened = try ResultStore(path: path)

        #expect(try reopened.runs().map(\.id) == [id])
        #expect(try reopened.jobs(runID: id) == StoreFixtures.jobs)
        let queue = try DatabaseQueue(path: path)
        let queueTimes = try queue.read { db in
            try Int64?.fetchAll(
                db, sql: "SELECT queue_ms FROM jobs WHERE run_id = ? ORDER BY position", arguments: [id])
        }
        #expect(queueTimes == [500, 0, nil])
    }

    @Test("NaN metric and series values read back as NaN")
    func notANumber() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))
        var result = StoreFixtures.result(summary: [SummaryMetric(name: "jct_p50", value: .nan, unit: "s")])
        result.series.columns[0].values[1] = .nan

        let id = try store.save(StoreFixtures.metadata(), result: result)

        #expect(try store.summary(runID: id).map(\.value.isNaN) == [true])
        #expect(try store.series(runID: id).columns[0].values.map(\.isNaN) == [false, true, false])
    }

    @Test("runs() lists newest first and run references resolve")
    func runsAndReferences() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))
        let first = try store.save(StoreFixtures.metadata(name: "first", seed: 1), result: StoreFixtures.result())
        let second = try store.save(StoreFixtures.metadata(name: "second", seed: 2), result: StoreFixtures.result())

        let runs = try store.runs()

        #expect(runs.map(\.id) == [second, first])
        #expect(runs.map(\.metadata.scenarioName) == ["second", "first"])
        #expect(runs.map(\.jobCount) == [3, 3])
        #expect(try store.resolveRun("latest").id == second)
        #expect(try store.resolveRun("latest~0").id == second)
        #expect(try store.resolveRun("latest~1").id == first)
        #expect(try store.resolveRun("1").metadata.scenarioName == "first")
        #expect(try store.resolveRun(" 2 ").id == 2)
        #expect(throws: StoreError.runNotFound(reference: "99", reason: "there is no run with id 99")) {
            try store.resolveRun("99")
        }
        #expect(throws: StoreError.runNotFound(reference: "latest~2", reason: "the database holds 2 runs")) {
            try store.resolveRun("latest~2")
        }
        let error = #expect(throws: StoreError.self) { try store.resolveRun("newest") }
        #expect(error?.description.contains("'latest~N'") == true)
        #expect(throws: StoreError.self) { try store.resolveRun("latest~-1") }
    }

    @Test("resolving 'latest' in an empty store fails with the run count")
    func latestInEmptyStore() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))

        #expect(throws: StoreError.runNotFound(reference: "latest", reason: "the database holds 0 runs")) {
            try store.resolveRun("latest")
        }
        #expect(try store.runs().isEmpty)
    }

    @Test("a save that fails on its last table leaves no trace of the run")
    func failedSaveIsRolledBack() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        let store = try ResultStore(path: path)
        // Another connection makes every series value insert fail: the runs row, summary and jobs are
        // already written in the transaction when the failure happens.
        let saboteur = try DatabaseQueue(path: path)
        try saboteur.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER fail_series BEFORE INSERT ON series_values
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """
            )
        }

        let error = #expect(throws: StoreError.self) {
            try store.save(StoreFixtures.metadata(), result: StoreFixtures.result())
        }

        #expect(error?.description.contains("injected failure") == true)
        #expect(try store.runs().isEmpty)
        let leftovers = try saboteur.read { db in
            try ["runs", "summary_metrics", "jobs", "series_columns", "series_times", "series_values"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
        #expect(leftovers == [0, 0, 0, 0, 0, 0])
        try saboteur.write { db in try db.execute(sql: "DROP TRIGGER fail_series") }
        let id = try store.save(StoreFixtures.metadata(), result: StoreFixtures.result())
        #expect(try store.jobs(runID: id) == StoreFixtures.jobs)
    }

    @Test("a series column whose length differs from the time axis is rejected before writing")
    func mismatchedSeries() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))
        var result = StoreFixtures.result()
        result.series.columns[1].values.removeLast()

        #expect(
            throws: StoreError.invalidResult(
                reason: "time series column 'pending_pods' has 2 values for 3 sample times"
            )
        ) {
            try store.save(StoreFixtures.metadata(), result: result)
        }
        #expect(try store.runs().isEmpty)
    }

    @Test("opening a file that is not a database throws and leaves its bytes unchanged")
    func garbageFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("notes.sqlite")
        let bytes = Data("not a database, just some notes\n".utf8) + Data((0..<512).map { UInt8($0 % 251) })
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.notADatabase(path: path)) { try ResultStore(path: path) }

        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["notes.sqlite"])
    }

    @Test("opening a damaged SQLite file throws and leaves its bytes unchanged")
    func corruptFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("damaged.sqlite")
        var bytes = Data("SQLite format 3\u{0}".utf8)
        bytes += Data((0..<4_080).map { UInt8(($0 * 37 + 11) % 256) })
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }

        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("opening another application's SQLite database is refused")
    func foreignDatabase() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY); CREATE TABLE customers (id)")
        }

        #expect(throws: StoreError.notCapsimDatabase(path: path, tables: ["customers", "invoices"])) {
            try ResultStore(path: path)
        }
    }

    @Test("opening a database migrated by a newer capsim is refused")
    func newerSchema() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        try ResultStore(path: path).save(StoreFixtures.metadata(), result: StoreFixtures.result())
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }

        let error = #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v9-from-the-future"])) {
            try ResultStore(path: path)
        }
        #expect(error?.description.contains("newer capsim") == true)
    }

    @Test("a path in a missing directory cannot be opened")
    func missingDirectory() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("missing/capsim.sqlite")

        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }

        guard case .cannotOpen(let failedPath, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(failedPath == path)
    }

    @Test("two stores on one file save concurrently without losing runs")
    func concurrentWriters() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("capsim.sqlite")
        let stores = [try ResultStore(path: path), try ResultStore(path: path)]

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for seed in 0..<10 {
                        try store.save(
                            StoreFixtures.metadata(name: "writer-\(index)", seed: UInt64(seed)),
                            result: StoreFixtures.result()
                        )
                    }
                }
            }
            try await group.waitForAll()
        }

        let runs = try ResultStore(path: path).runs()
        #expect(runs.count == 20)
        #expect(runs.map(\.id) == Array((1...20).reversed()))
        #expect(Set(runs.map(\.metadata.scenarioName)) == ["writer-0", "writer-1"])
    }

    @Test("100k job rows save and read back in order")
    func manyJobs() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("capsim.sqlite"))
        var result = StoreFixtures.result()
        result.jobs = (0..<100_000).map { index in
            JobRecord(
                name: "job-\(index)", workload: "batch", pods: 1, cpuMillicores: 250, memoryBytes: 268_435_456,
                gpuMilli: 0, submitMilliseconds: Int64(index) * 10, startMilliseconds: Int64(index) * 10 + 5,
                endMilliseconds: nil, state: .running, node: "node-\(index % 64)", reason: nil
            )
        }

        let id = try store.save(StoreFixtures.metadata(), result: result)

        #expect(try store.run(id: id)?.jobCount == 100_000)
        let jobs = try store.jobs(runID: id)
        #expect(jobs.count == 100_000)
        #expect(jobs.first == result.jobs.first)
        #expect(jobs.last == result.jobs.last)
    }
}
