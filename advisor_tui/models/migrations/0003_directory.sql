-- 0003_directory: the service directory (palveluhakemisto).
-- Organisations, their services and each service's channels are records that merge by id.
-- `source`, `source_id` and `verified_on` (YYYY-MM-DD) say where a record came from and when it
-- was last checked; `status` is active, temporarily_closed or ended.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    source TEXT NOT NULL DEFAULT '',
    source_id TEXT NOT NULL DEFAULT '',
    verified_on TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    org_type TEXT NOT NULL DEFAULT 'other',
    business_id TEXT NOT NULL DEFAULT '',
    web TEXT NOT NULL DEFAULT '',
    county_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organisations_source ON organisations (source, source_id);
CREATE INDEX organisations_name ON organisations (name_fi COLLATE NOCASE);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    source TEXT NOT NULL DEFAULT '',
    source_id TEXT NOT NULL DEFAULT '',
    verified_on TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    source_url TEXT NOT NULL DEFAULT '',
    organisation_id TEXT REFERENCES organisations (id),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    summary_fi TEXT NOT NULL DEFAULT '',
    summary_sv TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    target_groups TEXT NOT NULL DEFAULT '[]',
    min_age INTEGER,
    max_age INTEGER,
    topics TEXT NOT NULL DEFAULT '[]',
    -- nationwide, county or municipalities; `areas` holds the codes: "FI", "county:13", "297".
    area_scope TEXT NOT NULL DEFAULT 'nationwide',
    areas TEXT NOT NULL DEFAULT '["FI"]',
    cost TEXT NOT NULL DEFAULT '',
    cost_note TEXT NOT NULL DEFAULT '',
    access TEXT NOT NULL DEFAULT 'open',
    languages TEXT NOT NULL DEFAULT '["fi"]',
    keywords TEXT NOT NULL DEFAULT '[]',
    digital INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL DEFAULT '',
    -- Stemmed, folded words for the search index, written with the record.
    search_name TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX services_source ON services (source, source_id);
CREATE INDEX services_organisation ON services (organisation_id);
CREATE INDEX services_name ON services (name_fi COLLATE NOCASE);

CREATE TABLE service_channels (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    source TEXT NOT NULL DEFAULT '',
    source_id TEXT NOT NULL DEFAULT '',
    verified_on TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    service_id TEXT NOT NULL REFERENCES services (id),
    position INTEGER NOT NULL DEFAULT 0,
    -- phone, web, eservice, chat, email, location
    kind TEXT NOT NULL,
    digital INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    post_office TEXT NOT NULL DEFAULT '',
    municipality_code TEXT NOT NULL DEFAULT '',
    -- [{"days": [1, 2, 3, 4, 5], "opens": "09.00", "closes": "16.00"}], ISO weekdays
    hours TEXT NOT NULL DEFAULT '[]',
    always_open INTEGER NOT NULL DEFAULT 0,
    hours_note TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',
    charge_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_channels_service ON service_channels (service_id, deleted_at);

-- An advisor's "checked" mark or correction, exported by the team lead for the maintainer.
CREATE TABLE service_feedback (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    service_id TEXT NOT NULL REFERENCES services (id),
    service_name TEXT NOT NULL DEFAULT '',
    service_source TEXT NOT NULL DEFAULT '',
    service_source_id TEXT NOT NULL DEFAULT '',
    -- checked or correction
    kind TEXT NOT NULL,
    -- wrong_phone, wrong_address, wrong_hours, closed, other ('' for checked)
    problem TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    exported_at TEXT
);
CREATE INDEX service_feedback_service ON service_feedback (service_id);
CREATE INDEX service_feedback_created ON service_feedback (created_at);

-- Search indexes derived from `services` by triggers, so that merged rows are indexed too.
CREATE TABLE service_keys (
    n INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL UNIQUE
);
CREATE TABLE service_areas (
    n INTEGER NOT NULL,
    code TEXT NOT NULL
);
CREATE INDEX service_areas_code ON service_areas (code, n);
CREATE INDEX service_areas_n ON service_areas (n);
CREATE TABLE service_topics (
    n INTEGER NOT NULL,
    topic TEXT NOT NULL
);
CREATE INDEX service_topics_topic ON service_topics (topic, n);
CREATE INDEX service_topics_n ON service_topics (n);
CREATE VIRTUAL TABLE service_fts USING fts5 (
    name, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE VIRTUAL TABLE service_vocab USING fts5vocab (service_fts, 'row');

CREATE TRIGGER services_index_insert AFTER INSERT ON services
WHEN new.deleted_at IS NULL AND new.status != 'ended'
BEGIN
    INSERT OR IGNORE INTO service_keys (service_id) VALUES (new.id);
    INSERT INTO service_fts (rowid, name, body)
        SELECT n, new.search_name, new.search_text FROM service_keys WHERE service_id = new.id;
    INSERT INTO service_areas (n, code)
        SELECT k.n, j.value FROM service_keys k, json_each(new.areas) j
        WHERE k.service_id = new.id;
    INSERT INTO service_topics (n, topic)
        SELECT k.n, j.value FROM service_keys k, json_each(new.topics) j
        WHERE k.service_id = new.id;
END;

CREATE TRIGGER services_index_update AFTER UPDATE ON services
BEGIN
    DELETE FROM service_fts WHERE rowid = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_areas WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_topics WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
    INSERT OR IGNORE INTO service_keys (service_id) VALUES (new.id);
    INSERT INTO service_fts (rowid, name, body)
        SELECT n, new.search_name, new.search_text FROM service_keys
        WHERE service_id = new.id AND new.deleted_at IS NULL AND new.status != 'ended';
    INSERT INTO service_areas (n, code)
        SELECT k.n, j.value FROM service_keys k, json_each(new.areas) j
        WHERE k.service_id = new.id AND new.deleted_at IS NULL AND new.status != 'ended';
    INSERT INTO service_topics (n, topic)
        SELECT k.n, j.value FROM service_keys k, json_each(new.topics) j
        WHERE k.service_id = new.id AND new.deleted_at IS NULL AND new.status != 'ended';
END;

CREATE TRIGGER services_index_delete AFTER DELETE ON services
BEGIN
    DELETE FROM service_fts WHERE rowid = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_areas WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
    DELETE FROM service_topics WHERE n = (SELECT n FROM service_keys WHERE service_id = old.id);
END;
