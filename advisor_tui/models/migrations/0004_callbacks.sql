-- Callback requests (takaisinsoittopyynnöt): the queue promised by the end of the next working day.
-- Name and phone exist only while needed: they are overwritten and set to NULL after the
-- retention period, and `personal_data_purged_at` records when.
CREATE TABLE callbacks (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    phone_e164 TEXT,
    name TEXT,
    preferred_window TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'fi',
    topic TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
    source TEXT NOT NULL DEFAULT 'other'
        CHECK (source IN ('busy_line', 'voicemail', 'web_form', 'advisor', 'other')),
    contact_id TEXT,
    requested_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    assigned_to TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'done', 'unreached', 'cancelled')),
    closed_at TEXT,
    close_reason TEXT NOT NULL DEFAULT '',
    personal_data_purged_at TEXT
);
CREATE INDEX callbacks_queue ON callbacks (status, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX callbacks_requested ON callbacks (requested_at);
CREATE INDEX callbacks_to_purge ON callbacks (closed_at) WHERE personal_data_purged_at IS NULL;

-- Every try to reach the person: when, and what happened.
CREATE TABLE callback_attempts (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    callback_id TEXT NOT NULL REFERENCES callbacks (id),
    at TEXT NOT NULL,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('reached', 'no_answer', 'voicemail', 'wrong_number')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX callback_attempts_callback ON callback_attempts (callback_id, at);

-- Reschedules and reassignments with their reasons: who changed what, and why.
CREATE TABLE callback_changes (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    callback_id TEXT NOT NULL REFERENCES callbacks (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reschedule', 'reassign', 'close')),
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX callback_changes_callback ON callback_changes (callback_id, at);
