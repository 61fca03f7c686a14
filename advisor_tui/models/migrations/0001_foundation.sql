-- Settings of this database: its own origin id, its kind (real or demo), the advisor and team.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Unsaved form input, kept so that nothing typed is lost if the terminal dies.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    form TEXT NOT NULL,
    record_id TEXT,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT
);
CREATE INDEX drafts_form ON drafts (form, deleted_at);
