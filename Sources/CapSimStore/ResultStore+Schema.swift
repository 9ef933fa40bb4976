import GRDB

extension ResultStore {
    /// Versioned schema migrations. Never edit a registered migration: add a new one.
    ///
    /// Tables (all child tables are keyed by `(run_id, position…)` and cascade on run deletion):
    /// - `runs`: one row per run, with its metadata and totals.
    /// - `summary_metrics`: summary metrics in output order; `value` NULL stands for NaN.
    /// - `jobs`: per-job records in job order; times in ms since the scenario start (since v2 a view over the
    ///   compact `job_rows`, `job_shapes` and `job_strings`, see `compactJobsSQL`).
    /// - `series_columns`, `series_times`, `series_values`: a time series as its shared time axis and
    ///   named columns; `value` NULL stands for NaN.
    static var schemaMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        scenario_name TEXT NOT NULL,
                        scenario_description TEXT NOT NULL,
                        scenario_hash TEXT NOT NULL,
                        scenario_path TEXT NOT NULL,
                        seed INTEGER NOT NULL,
                        capsim_version TEXT NOT NULL,
                        scheduler_semantics TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        wall_time_seconds REAL NOT NULL,
                        created_at TEXT NOT NULL,
                        parameters TEXT NOT NULL,
                        job_count INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL,
                        events_processed INTEGER NOT NULL
                    );
                    CREATE TABLE summary_metrics (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        value REAL,
                        unit TEXT NOT NULL,
                        PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE jobs (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        workload TEXT NOT NULL,
                        pods INTEGER NOT NULL,
                        cpu_millicores INTEGER NOT NULL,
                        memory_bytes INTEGER NOT NULL,
                        gpu_milli INTEGER NOT NULL,
                        submit_ms INTEGER NOT NULL,
                        start_ms INTEGER,
                        end_ms INTEGER,
                        queue_ms INTEGER,
                        state TEXT NOT NULL,
                        node TEXT,
                        reason TEXT,
                        PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE series_columns (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE series_times (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        t INTEGER NOT NULL,
                        PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE series_values (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        column_position INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        value REAL,
                        PRIMARY KEY (run_id, column_position, position)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v2-compact-jobs") { db in
            try db.execute(sql: compactJobsSQL)
        }
        return migrator
    }

    /// Migration v2: per-job rows without repeated strings (issue #10: a 1M-job run took about 86 MB).
    ///
    /// - `job_strings`: the distinct texts of a run (workloads, states, nodes, reasons, names) by id.
    /// - `job_shapes`: the distinct (workload, pods, requests) of a run by id.
    /// - `job_rows`: one row per job: its name as `<workload>-<name_number>` when it has that form (else
    ///   `name_id`), its shape, submit time, start and end as offsets from submit (so mostly small numbers), and
    ///   string ids for state, node and reason.
    /// - `jobs`: a view with exactly the columns of v1's `jobs` table, so SQL written against v1 keeps working.
    ///
    /// Rows stored by v1 are moved into the new tables in the same transaction (their names keep `name_id`).
    static let compactJobsSQL = """
        CREATE TABLE job_strings (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE job_shapes (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            workload_id INTEGER NOT NULL,
            pods INTEGER NOT NULL,
            cpu_millicores INTEGER NOT NULL,
            memory_bytes INTEGER NOT NULL,
            gpu_milli INTEGER NOT NULL,
            PRIMARY KEY (run_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE job_rows (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name_id INTEGER,
            name_number INTEGER,
            shape_id INTEGER NOT NULL,
            submit_ms INTEGER NOT NULL,
            start_offset_ms INTEGER,
            end_offset_ms INTEGER,
            state_id INTEGER NOT NULL,
            node_id INTEGER,
            reason_id INTEGER,
            PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
        CREATE TEMP TABLE v1_strings AS
            SELECT run_id, text, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY text) - 1 AS id FROM (
                SELECT run_id, workload AS text FROM jobs UNION SELECT run_id, state FROM jobs
                UNION SELECT run_id, node FROM jobs WHERE node IS NOT NULL
                UNION SELECT run_id, reason FROM jobs WHERE reason IS NOT NULL
                UNION SELECT run_id, name FROM jobs);
        INSERT INTO job_strings (run_id, id, text) SELECT run_id, id, text FROM v1_strings;
        CREATE TEMP TABLE v1_shapes AS
            SELECT run_id, workload, pods, cpu_millicores, memory_bytes, gpu_milli,
                ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY workload, pods, cpu_millicores, memory_bytes,
                    gpu_milli) - 1 AS id
            FROM (SELECT DISTINCT run_id, workload, pods, cpu_millicores, memory_bytes, gpu_milli FROM jobs);
        INSERT INTO job_shapes (run_id, id, workload_id, pods, cpu_millicores, memory_bytes, gpu_milli)
            SELECT v.run_id, v.id, w.id, v.pods, v.cpu_millicores, v.memory_bytes, v.gpu_milli
            FROM v1_shapes v JOIN v1_strings w ON w.run_id = v.run_id AND w.text = v.workload;
        INSERT INTO job_rows (
            run_id, position, name_id, name_number, shape_id, submit_ms, start_offset_ms, end_offset_ms, state_id,
            node_id, reason_id)
            SELECT j.run_id, j.position, n.id, NULL, s.id, j.submit_ms, j.start_ms - j.submit_ms,
                j.end_ms - j.submit_ms, st.id, nd.id, rs.id
            FROM jobs j
            JOIN v1_shapes s ON s.run_id = j.run_id AND s.workload = j.workload AND s.pods = j.pods
                AND s.cpu_millicores = j.cpu_millicores AND s.memory_bytes = j.memory_bytes
                AND s.gpu_milli = j.gpu_milli
            JOIN v1_strings n ON n.run_id = j.run_id AND n.text = j.name
            JOIN v1_strings st ON st.run_id = j.run_id AND st.text = j.state
            LEFT JOIN v1_strings nd ON nd.run_id = j.run_id AND nd.text = j.node
            LEFT JOIN v1_strings rs ON rs.run_id = j.run_id AND rs.text = j.reason;
        DROP TABLE v1_strings;
        DROP TABLE v1_shapes;
        DROP TABLE jobs;
        CREATE VIEW jobs AS
            SELECT r.run_id, r.position, COALESCE(n.text, w.text || '-' || r.name_number) AS name,
                w.text AS workload, s.pods, s.cpu_millicores, s.memory_bytes, s.gpu_milli, r.submit_ms,
                r.submit_ms + r.start_offset_ms AS start_ms, r.submit_ms + r.end_offset_ms AS end_ms,
                r.start_offset_ms AS queue_ms, st.text AS state, nd.text AS node, rs.text AS reason
            FROM job_rows r
            JOIN job_shapes s ON s.run_id = r.run_id AND s.id = r.shape_id
            JOIN job_strings w ON w.run_id = r.run_id AND w.id = s.workload_id
            JOIN job_strings st ON st.run_id = r.run_id AND st.id = r.state_id
            LEFT JOIN job_strings n ON n.run_id = r.run_id AND n.id = r.name_id
            LEFT JOIN job_strings nd ON nd.run_id = r.run_id AND nd.id = r.node_id
            LEFT JOIN job_strings rs ON rs.run_id = r.run_id AND rs.id = r.reason_id;
        """
}
