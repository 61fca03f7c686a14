-- 0008_training: the outcome of each training exercise a trainee completed on a demo database.
-- `matched`, `missing` and `extra` are JSON lists of {"kind", "key", "weight"} items.
CREATE TABLE training_results (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    exercise_id TEXT NOT NULL,
    trainee TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed INTEGER NOT NULL DEFAULT 0 CHECK (passed IN (0, 1)),
    matched TEXT NOT NULL DEFAULT '[]',
    missing TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '[]',
    completed_at TEXT NOT NULL
);
CREATE INDEX training_results_trainee ON training_results (trainee, completed_at)
    WHERE deleted_at IS NULL;
CREATE INDEX training_results_updated ON training_results (updated_at);
