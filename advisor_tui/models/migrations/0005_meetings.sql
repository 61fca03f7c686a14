-- 0005_meetings: network meetings (verkostotapaamiset), their participants, agreed tasks and
-- the history of every move and cancellation.
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    starts_at TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 480),
    place_kind TEXT NOT NULL DEFAULT 'address'
        CHECK (place_kind IN ('address', 'remote', 'phone')),
    place TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    advisor TEXT NOT NULL DEFAULT '',
    organiser_email TEXT NOT NULL DEFAULT '',
    contact_id TEXT,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'confirmed', 'held', 'cancelled', 'moved')),
    status_reason TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    ics_sequence INTEGER NOT NULL DEFAULT 0,
    uid TEXT NOT NULL
);
CREATE INDEX meetings_starts_at ON meetings (starts_at);
CREATE INDEX meetings_advisor_starts ON meetings (advisor, starts_at);
CREATE INDEX meetings_contact ON meetings (contact_id);

CREATE TABLE meeting_participants (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL CHECK (kind IN ('family', 'professional')),
    role TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    organisation_id TEXT,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_participants_meeting ON meeting_participants (meeting_id);
CREATE INDEX meeting_participants_email ON meeting_participants (email);

CREATE TABLE meeting_tasks (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    who TEXT NOT NULL,
    what TEXT NOT NULL,
    due_on TEXT,
    done_at TEXT
);
CREATE INDEX meeting_tasks_meeting ON meeting_tasks (meeting_id);
CREATE INDEX meeting_tasks_open ON meeting_tasks (done_at, due_on);

CREATE TABLE meeting_history (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    action TEXT NOT NULL CHECK (action IN ('moved', 'cancelled')),
    reason TEXT NOT NULL,
    old_starts_at TEXT NOT NULL,
    new_starts_at TEXT,
    old_duration_minutes INTEGER NOT NULL,
    new_duration_minutes INTEGER
);
CREATE INDEX meeting_history_meeting ON meeting_history (meeting_id);
