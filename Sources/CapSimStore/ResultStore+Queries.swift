import CapSimCore
import Foundation
import GRDB

extension ResultStore {
    // MARK: - Runs

    /// All stored runs, newest (highest id) first.
    ///
    /// - Returns: The runs, without their jobs or series.
    /// - Throws: `StoreError` when the database cannot be read.
    public func runs() throws -> [StoredRun] {
        try reading("list the runs") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.runColumns) FROM runs ORDER BY id DESC").map {
                try decodeRun($0)
            }
        }
    }

    /// The run with the given id.
    ///
    /// - Parameter id: Row id of the run.
    /// - Returns: The run, or `nil` if no run has that id.
    /// - Throws: `StoreError` when the database cannot be read.
    public func run(id: Int64) throws -> StoredRun? {
        try reading("read run \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.runColumns) FROM runs WHERE id = ?", arguments: [id]).map {
                try decodeRun($0)
            }
        }
    }

    /// Finds the run a user means by `reference`.
    ///
    /// Accepted forms: a run id (`3`), `latest` (the newest run), and `latest~N` (the N-th run before the
    /// newest, so `latest~1` is the second newest). Surrounding spaces are ignored.
    ///
    /// - Parameter reference: The reference, as typed on the command line.
    /// - Returns: The matching run.
    /// - Throws: `StoreError.runNotFound` (which lists the accepted forms) when the reference is malformed
    ///   or matches no run; another `StoreError` when the database cannot be read.
    public func resolveRun(_ reference: String) throws -> StoredRun {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int64(text) {
            guard let run = try run(id: id) else {
                throw StoreError.runNotFound(reference: reference, reason: "there is no run with id \(id)")
            }
            return run
        }
        let offset: Int
        if text == "latest" {
            offset = 0
        } else if text.hasPrefix("latest~"), let back = Int(text.dropFirst("latest~".count)), back >= 0 {
            offset = back
        } else {
            throw StoreError.runNotFound(reference: reference, reason: "not a run reference")
        }
        let found = try reading("resolve run '\(reference)'") { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(Self.runColumns) FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?",
                arguments: [offset]
            ).map { try decodeRun($0) }
        }
        guard let found else {
            let count = try reading("count the runs") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") }
            throw StoreError.runNotFound(
                reference: reference,
                reason: "the database holds \(count ?? 0) run\(count == 1 ? "" : "s")"
            )
        }
        return found
    }

    // MARK: - Run contents

    /// The summary metrics of a run, in the order they were saved.
    ///
    /// - Parameter runID: Id of the run.
    /// - Returns: The metrics (a stored NULL value reads back as NaN); empty if the run does not exist.
    /// - Throws: `StoreError` when the database cannot be read.
    public func summary(runID: Int64) throws -> [SummaryMetric] {
        try reading("read the summary of run \(runID)") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT name, value, unit FROM summary_metrics WHERE run_id = ? ORDER BY position",
                arguments: [runID]
            ).map { row in
                SummaryMetric(
                    name: try row.decode(atIndex: 0),
                    value: try row.decode(Double?.self, atIndex: 1) ?? .nan,
                    unit: try row.decode(atIndex: 2)
                )
            }
        }
    }

    /// The job records of a run, in the order they were saved.
    ///
    /// - Parameter runID: Id of the run.
    /// - Returns: The jobs; empty if the run does not exist.
    /// - Throws: `StoreError.invalidStoredValue` for an unknown job state; another `StoreError` when the
    ///   database cannot be read.
    /// - Complexity: O(*j*) for *j* stored jobs.
    public func jobs(runID: Int64) throws -> [JobRecord] {
        try reading("read the jobs of run \(runID)") { db in
            var jobs: [JobRecord] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT name, workload, pods, cpu_millicores, memory_bytes, gpu_milli, submit_ms,
                           start_ms, end_ms, state, node, reason
                    FROM jobs WHERE run_id = ? ORDER BY position
                    """,
                arguments: [runID]
            )
            while let row = try rows.next() {
                let stateText: String = try row.decode(atIndex: 9)
                guard let state = JobState(rawValue: stateText) else {
                    throw StoreError.invalidStoredValue(path: path, detail: "unknown job state '\(stateText)'")
                }
                jobs.append(
                    JobRecord(
                        name: try row.decode(atIndex: 0),
                        workload: try row.decode(atIndex: 1),
                        pods: try row.decode(atIndex: 2),
                        cpuMillicores: try row.decode(atIndex: 3),
                        memoryBytes: try row.decode(atIndex: 4),
                        gpuMilli: try row.decode(atIndex: 5),
                        submitMilliseconds: try row.decode(atIndex: 6),
                        startMilliseconds: try row.decode(atIndex: 7),
                        endMilliseconds: try row.decode(atIndex: 8),
                        state: state,
                        node: try row.decode(atIndex: 10),
                        reason: try row.decode(atIndex: 11)
                    )
                )
            }
            return jobs
        }
    }

    /// The time series of a run.
    ///
    /// - Parameter runID: Id of the run.
    /// - Returns: The series (a stored NULL value reads back as NaN); empty if the run does not exist.
    /// - Throws: `StoreError` when the database cannot be read or the stored series is inconsistent.
    public func series(runID: Int64) throws -> TimeSeries {
        try reading("read the time series of run \(runID)") { db in
            var series = TimeSeries()
            series.times = try Int64.fetchAll(
                db,
                sql: "SELECT t FROM series_times WHERE run_id = ? ORDER BY position",
                arguments: [runID]
            )
            let columns = try Row.fetchAll(
                db,
                sql: "SELECT position, name, unit FROM series_columns WHERE run_id = ? ORDER BY position",
                arguments: [runID]
            )
            let values = try db.makeStatement(
                sql: "SELECT value FROM series_values WHERE run_id = ? AND column_position = ? ORDER BY position"
            )
            for row in columns {
                let position: Int64 = try row.decode(atIndex: 0)
                let name: String = try row.decode(atIndex: 1)
                let samples = try Double?.fetchAll(values, arguments: [runID, position]).map { $0 ?? .nan }
                guard samples.count == series.times.count else {
                    throw StoreError.invalidStoredValue(
                        path: path,
                        detail: "series column '\(name)' of run \(runID) has \(samples.count) values "
                            + "for \(series.times.count) sample times"
                    )
                }
                series.columns.append(TimeSeries.Column(name: name, unit: try row.decode(atIndex: 2), values: samples))
            }
            return series
        }
    }

    /// Everything stored for a run, reassembled as a simulation result.
    ///
    /// - Parameter runID: Id of the run.
    /// - Returns: The result, or `nil` if no run has that id.
    /// - Throws: `StoreError` when the database cannot be read.
    public func result(runID: Int64) throws -> SimulationResult? {
        guard let run = try run(id: runID) else {
            return nil
        }
        return SimulationResult(
            jobs: try jobs(runID: runID),
            summary: try summary(runID: runID),
            series: try series(runID: runID),
            endMilliseconds: run.endMilliseconds,
            eventsProcessed: run.eventsProcessed
        )
    }

    // MARK: - Decoding

    private static let runColumns = """
        id, scenario_name, scenario_description, scenario_hash, scenario_path, seed, capsim_version, \
        scheduler_semantics, mode, wall_time_seconds, created_at, parameters, job_count, end_ms, events_processed
        """

    private func decodeRun(_ row: Row) throws -> StoredRun {
        let createdText: String = try row.decode(atIndex: 10)
        guard let createdAt = StoreTimestamp.parse(createdText) else {
            throw StoreError.invalidStoredValue(
                path: path, detail: "run creation time '\(createdText)' is not ISO-8601")
        }
        let metadata = RunMetadata(
            scenarioName: try row.decode(atIndex: 1),
            scenarioDescription: try row.decode(atIndex: 2),
            scenarioHash: try row.decode(atIndex: 3),
            scenarioPath: try row.decode(atIndex: 4),
            seed: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 5)),
            capsimVersion: try row.decode(atIndex: 6),
            schedulerSemantics: try row.decode(atIndex: 7),
            mode: try row.decode(atIndex: 8),
            wallTimeSeconds: try row.decode(atIndex: 9),
            createdAt: createdAt,
            parameters: try row.decode(atIndex: 11)
        )
        return StoredRun(
            id: try row.decode(atIndex: 0),
            metadata: metadata,
            jobCount: try row.decode(atIndex: 12),
            endMilliseconds: try row.decode(atIndex: 13),
            eventsProcessed: try row.decode(atIndex: 14)
        )
    }
}
