import GRDB

extension ResultStore {
    /// Versioned schema migrations. Never edit a registered migration: add a new one.
    ///
    /// Tables (all child tables are keyed by `(run_id, position…)` and cascade on run deletion):
    /// - `runs`: one row per run, with its metadata and totals.
    /// - `summary_metrics`: summary metrics in output order; `value` NULL stands for NaN.
    /// - `jobs`: per-job records in job order; times in ms since the scenario start.
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
        return migrator
    }
}
