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

-- Who viewed or changed a record carrying personal data (käyttöloki). Append-only.
CREATE TABLE access_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    origin TEXT NOT NULL,
    advisor TEXT NOT NULL,
    action TEXT NOT NULL,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log (at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;

-- Every export, bundle, invitation with names and purge (luovutusloki). Append-only.
CREATE TABLE disclosure_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    origin TEXT NOT NULL,
    advisor TEXT NOT NULL,
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disclosure_log_at ON disclosure_log (at);
CREATE TRIGGER disclosure_log_no_update BEFORE UPDATE ON disclosure_log
BEGIN SELECT RAISE(ABORT, 'disclosure_log is append-only'); END;
CREATE TRIGGER disclosure_log_no_delete BEFORE DELETE ON disclosure_log
BEGIN SELECT RAISE(ABORT, 'disclosure_log is append-only'); END;
