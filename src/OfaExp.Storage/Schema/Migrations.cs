namespace OfaExp.Storage.Schema;

/// <summary>
/// The ordered schema history. Append new steps with the next version; never edit a released one, because
/// databases that already ran it will not run it again.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema", """
            -- seq is the rowid: planning order, and the compact key that metrics rows carry instead of the
            -- 64-character id (metrics are by far the largest table; the text key tripled its size and halved
            -- insert throughput).
            CREATE TABLE runs (
                seq             INTEGER PRIMARY KEY,
                id              TEXT NOT NULL UNIQUE
                                CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
                experiment      TEXT NOT NULL,
                phase           TEXT NOT NULL,
                parent_id       TEXT REFERENCES runs(id),
                config_json     TEXT NOT NULL,
                status          TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                host            TEXT,
                pid             INTEGER,
                pid_start_ticks INTEGER,
                device          TEXT,
                tool_version    TEXT,
                git_commit      TEXT,
                created_at      TEXT NOT NULL,
                started_at      TEXT,
                finished_at     TEXT,
                heartbeat_at    TEXT,
                result_digest   TEXT,
                error           TEXT
            );
            CREATE INDEX ix_runs_experiment ON runs (experiment, status);
            CREATE INDEX ix_runs_parent ON runs (parent_id);

            -- value is nullable because a NaN (a diverged loss) is written as NULL; readers map NULL back to NaN.
            CREATE TABLE metrics (
                run_seq INTEGER NOT NULL REFERENCES runs(seq),
                epoch   INTEGER NOT NULL,
                step    INTEGER NOT NULL,
                name    TEXT NOT NULL,
                value   REAL
            );
            CREATE INDEX ix_metrics_run ON metrics (run_seq, epoch);

            CREATE TABLE subnet_evals (
                run_id       TEXT NOT NULL REFERENCES runs(id),
                architecture TEXT NOT NULL,
                resolution   INTEGER NOT NULL,
                exit         INTEGER NOT NULL,
                top1         REAL,
                top5         REAL,
                loss         REAL,
                flops        REAL,
                params       INTEGER NOT NULL,
                latency_ms   REAL
            );
            CREATE INDEX ix_subnet_evals_run ON subnet_evals (run_id);

            CREATE TABLE artifacts (
                id     INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs(id),
                kind   TEXT NOT NULL,
                epoch  INTEGER,
                sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
                bytes  INTEGER NOT NULL,
                path   TEXT NOT NULL
            );
            CREATE INDEX ix_artifacts_run ON artifacts (run_id, kind, epoch);
            CREATE INDEX ix_artifacts_sha256 ON artifacts (sha256);

            CREATE TABLE sweep_points (
                experiment  TEXT NOT NULL,
                point_index INTEGER NOT NULL,
                point_json  TEXT NOT NULL,
                leaf_run_id TEXT NOT NULL REFERENCES runs(id),
                PRIMARY KEY (experiment, point_index)
            );
            CREATE INDEX ix_sweep_points_leaf ON sweep_points (leaf_run_id);
            """),
        new(2, "subnet evaluation names", """
            -- name labels the subnet ("min", "mid", "max" or a search's own name). Rows written before names existed
            -- get the empty name. One run never evaluates the same (name, architecture, resolution, exit) twice, so
            -- a table row over evaluations is never ambiguous; the unique index also serves lookups by run.
            ALTER TABLE subnet_evals ADD COLUMN name TEXT NOT NULL DEFAULT '';
            DROP INDEX ix_subnet_evals_run;
            CREATE UNIQUE INDEX ux_subnet_evals_key ON subnet_evals (run_id, name, architecture, resolution, exit);
            """),
        new(3, "search predictions beside evaluations", """
            -- A searched subnet is recorded with what the search predicted for it (the accuracy predictor's top-1, the
            -- efficiency model's cost in the target's unit) beside what was measured, so tables can show both.
            ALTER TABLE subnet_evals ADD COLUMN predicted_top1 REAL;
            ALTER TABLE subnet_evals ADD COLUMN predicted_cost REAL;
            """),
        new(4, "data fingerprints", """
            -- The fingerprint each data setting had when a sweep planned it (data_key: the data set, its root and the
            -- settings that pick and augment images), so that tables, figures and plans of recorded runs can be
            -- rebuilt on a machine without the data set.
            CREATE TABLE data_fingerprints (
                data_key    TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
                recorded_at TEXT NOT NULL
            );
            """),
        new(5, "test-split accuracy beside evaluations", """
            -- Evaluations also score the subnet on the data set's official test split (what a paper reports), while
            -- top1/top5 stay on the validation images that choose teachers and checkpoints. NULL where not scored.
            ALTER TABLE subnet_evals ADD COLUMN test_top1 REAL;
            ALTER TABLE subnet_evals ADD COLUMN test_top5 REAL;
            """),
        new(6, "cluster submissions", """
            -- Runs handed to a cluster scheduler: the job that trains each (a Slurm array task, e.g. 1234_5) and the
            -- bundle directory it writes, so that status can say where a pending run is and ingest where to look.
            CREATE TABLE submissions (
                run_id       TEXT PRIMARY KEY REFERENCES runs(id),
                launcher     TEXT NOT NULL,
                job_id       TEXT NOT NULL,
                bundle_dir   TEXT NOT NULL,
                submitted_at TEXT NOT NULL
            );
            """),
        new(7, "hardware class of each run", """
            -- What shaped a run's float32 numbers besides its identity inputs (CPU model, ATen CPU capability, oneDNN
            -- ISA, GPU and driver, libtorch build; HardwareClass's one-line text), written by the process that claims it
            -- to train. The same id gives the same result digest only on one class. NULL for runs recorded before.
            ALTER TABLE runs ADD COLUMN hardware TEXT;
            """),
        new(8, "exported subnets", """
            -- A subnet exported from a run (`ofaexp export`, kind 'export') is an artifact of that run like its
            -- checkpoints; these say what it holds: the format ('onnx', 'onnx-folded-bn', 'pytorch'), the subnet's
            -- architecture string and its input resolution. NULL for every other kind of artifact.
            ALTER TABLE artifacts ADD COLUMN export_format TEXT;
            ALTER TABLE artifacts ADD COLUMN export_subnet TEXT;
            ALTER TABLE artifacts ADD COLUMN export_resolution INTEGER;
            """),
    ];
}
