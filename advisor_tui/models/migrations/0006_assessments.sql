-- 0006_assessments: situation assessments (tilanteen kartoitus).
-- An assessment keeps the questionnaire version it used. `contact_id` links it to a saved
-- contact (NULL until linked); `contact_draft_id` to a contact still being written.
-- JSON columns: age_groups ["3-6"], answers {"area": {"concern": 0-3, "strengths": "",
-- "note": ""}}, red_flags {"flag": true}, red_flags_shown [{"flag": "", "action": "", "at": ""}],
-- chosen_services [{"service_id": "", "name": "", ...}], actions ["needs_assessment"].
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    contact_id TEXT REFERENCES contacts (id),
    contact_draft_id TEXT,
    questionnaire_version TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'done')),
    municipality_code TEXT,
    age_groups TEXT NOT NULL DEFAULT '[]',
    answers TEXT NOT NULL DEFAULT '{}',
    red_flags TEXT NOT NULL DEFAULT '{}',
    red_flags_shown TEXT NOT NULL DEFAULT '[]',
    chosen_services TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '[]',
    delivered_at TEXT
);
CREATE INDEX assessments_status_updated ON assessments (status, updated_at) WHERE deleted_at IS NULL;
CREATE INDEX assessments_contact ON assessments (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX assessments_updated ON assessments (updated_at);
