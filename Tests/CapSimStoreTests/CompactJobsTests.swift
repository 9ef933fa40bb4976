import CapSimCore
import CapSimTestSupport
import Foundation
import GRDB
import Testing

@testable import CapSimStore

/// Issue #10: job rows are stored compactly (schema v2) and a v1 database keeps every job when it is upgraded.
@Suite struct CompactJobsTests {
    @Test("names of the form <workload>-<k> are rebuilt from the workload; others are kept as text")
    func nameNumbers() {
        #expect(ResultStore.nameNumber("train-17", workload: "train") == 17)
        #expect(ResultStore.nameNumber("my-job-0", workload: "my-job") == 0)
        #expect(ResultStore.nameNumber("train-007", workload: "train") == nil, "leading zeros would not round-trip")
        #expect(ResultStore.nameNumber("train-", workload: "train") == nil)
        #expect(ResultStore.nameNumber("train-3-extract", workload: "train") == nil)
        #expect(ResultStore.nameNumber("openb-pod-0001", workload: "openb") == nil)
        #expect(ResultStore.nameNumber("trainer-3", workload: "train") == nil)
        #expect(ResultStore.nameNumber("train--2", workload: "train") == -2)
    }

    @Test("a v1 database is upgraded in place: every job reads back the same, and the jobs view answers v1 SQL")
    func upgradesV1() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try ResultStore.schemaMigrator.migrate(queue, upTo: "v1")
        let metadata = StoreFixtures.metadata()
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (scenario_name, scenario_description, scenario_hash, scenario_path, seed,
                        capsim_version, scheduler_semantics, mode, wall_time_seconds, created_at, parameters, job_count,
                        end_ms, events_processed)
                    VALUES (?, ?, ?, ?, 42, '0.1.0', 'kube-scheduler v1.36', 'timed', 0.125, ?, '{}', 3, 60500, 17)
                    """,
                arguments: [
                    metadata.scenarioName, metadata.scenarioDescription, metadata.scenarioHash,
                    metadata.scenarioPath, StoreTimestamp.format(metadata.createdAt),
                ])
            for (position, job) in StoreFixtures.jobs.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO jobs (run_id, position, name, workload, pods, cpu_millicores, memory_bytes,
                            gpu_milli, submit_ms, start_ms, end_ms, queue_ms, state, node, reason)
                        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        position, job.name, job.workload, job.pods, job.cpuMillicores, job.memoryBytes, job.gpuMilli,
                        job.submitMilliseconds, job.startMilliseconds, job.endMilliseconds, job.queueMilliseconds,
                        job.state.rawValue, job.node, job.reason,
                    ])
            }
        }
        try queue.close()

        let store = try ResultStore(path: path)

        #expect(try store.jobs(runID: 1) == StoreFixtures.jobs)
        let queueTimes = try store.pool.read { db in
            try Int64?.fetchAll(db, sql: "SELECT queue_ms FROM jobs WHERE run_id = 1 ORDER BY position")
        }
        #expect(queueTimes == [500, 0, nil])
        // New runs go into the compact tables beside the upgraded one.
        let id = try store.save(StoreFixtures.metadata(seed: 7), result: StoreFixtures.result())
        #expect(id == 2)
        #expect(try store.jobs(runID: 2) == StoreFixtures.jobs)
    }

    @Test("100,000 generated jobs take under 40 bytes each on disk and read back identical")
    func compactSize() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let store = try ResultStore(path: directory.path("big.sqlite"))
        var random = SeededRandom(seed: 3)
        let jobs = (0..<100_000).map { i -> JobRecord in
            let submit = Int64(i) * 1_700 + Int64(random.nextIndex(below: 1_000))
            let start = submit + Int64(random.nextIndex(below: 4) == 0 ? random.nextIndex(below: 600_000) : 0)
            return JobRecord(
                name: "train-\(i)", workload: "train", pods: 1, cpuMillicores: 8_000, memoryBytes: 68_719_476_736,
                gpuMilli: 1_000, submitMilliseconds: submit, startMilliseconds: start,
                endMilliseconds: start + 600_000 + Int64(random.nextIndex(below: 7_200_000)), state: .succeeded,
                node: "a100-\(random.nextIndex(below: 64))", reason: nil)
        }
        let result = SimulationResult(
            jobs: jobs, summary: StoreFixtures.summary, series: StoreFixtures.series, endMilliseconds: 0,
            eventsProcessed: 0)
        let before = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }

        let id = try store.save(StoreFixtures.metadata(), result: result)

        let (after, pageSize) = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        let bytesPerJob = Double((after - before) * pageSize) / 100_000
        #expect(bytesPerJob < 40, "\(bytesPerJob) bytes per job")
        #expect(try store.jobs(runID: id) == jobs)
    }
}
