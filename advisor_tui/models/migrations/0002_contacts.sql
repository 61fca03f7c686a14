-- 0002_contacts: one row per contact (yhteydenotto) and the services it referred to.
-- Contacts are anonymous: no name, phone or identity code is stored here.
CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    duration_seconds INTEGER NOT NULL DEFAULT 0,
    channel TEXT NOT NULL,
    party TEXT NOT NULL,
    sector TEXT,
    outside_county INTEGER NOT NULL DEFAULT 0 CHECK (outside_county IN (0, 1)),
    municipality_code TEXT,
    age_groups TEXT NOT NULL DEFAULT '[]',
    child_count INTEGER,
    topics TEXT NOT NULL DEFAULT '[]',
    observations TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '[]',
    feedback_help TEXT NOT NULL DEFAULT 'not_asked',
    feedback_recommend INTEGER CHECK (feedback_recommend BETWEEN 0 AND 10),
    repeat_contact INTEGER NOT NULL DEFAULT 0 CHECK (repeat_contact IN (0, 1)),
    language TEXT,
    summary TEXT NOT NULL DEFAULT '',
    callback_id TEXT
);
CREATE INDEX contacts_live_started ON contacts (started_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_channel_started ON contacts (channel, started_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_party_started ON contacts (party, started_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_callback ON contacts (callback_id) WHERE callback_id IS NOT NULL;
CREATE INDEX contacts_updated ON contacts (updated_at);

CREATE TABLE contact_referrals (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    service_id TEXT NOT NULL DEFAULT '',
    service_name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    digital INTEGER NOT NULL DEFAULT 0 CHECK (digital IN (0, 1)),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_referrals_contact ON contact_referrals (contact_id);
CREATE INDEX contact_referrals_service ON contact_referrals (service_id);
