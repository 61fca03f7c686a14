-- 0007_sync: two versions of one record that a merge could not order safely; the team lead
-- chooses. `kept` is the version the table holds now; `other` the one set aside.
CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kept TEXT NOT NULL,
    other TEXT NOT NULL,
    kept_version TEXT NOT NULL,
    other_version TEXT NOT NULL,
    reason TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
);
CREATE UNIQUE INDEX sync_conflicts_pair ON sync_conflicts (
    record_table, record_id, kept_version, other_version
);
