-- 0010_scorecard_days: the scorecard's contact figures per Helsinki day and advisor, counted once
-- and reused, so that a report over a year adds up 365 days instead of recounting every contact.
-- Derived data only (counts and codes, no free text); it is not exported and can be rebuilt at any
-- time. `advisor` '*' holds the whole team's figures; its row also marks the day as counted.
-- The triggers forget the days a change touches. A UTC date holds parts of two Helsinki dates,
-- so a start time forgets its UTC date and the next one.
CREATE TABLE scorecard_days (
    day TEXT NOT NULL,
    advisor TEXT NOT NULL,
    version INTEGER NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (day, advisor)
) WITHOUT ROWID;

CREATE TRIGGER scorecard_days_contact_insert BEFORE INSERT ON contacts
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        substr(NEW.started_at, 1, 10), date(substr(NEW.started_at, 1, 10), '+1 day'));
    DELETE FROM scorecard_days WHERE day IN (
        SELECT substr(started_at, 1, 10) FROM contacts WHERE id = NEW.id
        UNION ALL
        SELECT date(substr(started_at, 1, 10), '+1 day') FROM contacts WHERE id = NEW.id);
END;

CREATE TRIGGER scorecard_days_contact_update AFTER UPDATE OF
    started_at, deleted_at, created_by, channel, party, municipality_code, outside_county,
    topics, observations, actions, feedback_help, feedback_recommend ON contacts
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        substr(OLD.started_at, 1, 10), date(substr(OLD.started_at, 1, 10), '+1 day'),
        substr(NEW.started_at, 1, 10), date(substr(NEW.started_at, 1, 10), '+1 day'));
END;

CREATE TRIGGER scorecard_days_contact_delete AFTER DELETE ON contacts
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        substr(OLD.started_at, 1, 10), date(substr(OLD.started_at, 1, 10), '+1 day'));
END;

CREATE TRIGGER scorecard_days_referral_insert BEFORE INSERT ON contact_referrals
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        SELECT substr(c.started_at, 1, 10) FROM contacts c
        WHERE c.id IN (NEW.contact_id,
            (SELECT r.contact_id FROM contact_referrals r WHERE r.id = NEW.id))
        UNION ALL
        SELECT date(substr(c.started_at, 1, 10), '+1 day') FROM contacts c
        WHERE c.id IN (NEW.contact_id,
            (SELECT r.contact_id FROM contact_referrals r WHERE r.id = NEW.id)));
END;

CREATE TRIGGER scorecard_days_referral_update AFTER UPDATE OF
    contact_id, service_id, digital, deleted_at ON contact_referrals
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        SELECT substr(c.started_at, 1, 10) FROM contacts c
        WHERE c.id IN (OLD.contact_id, NEW.contact_id)
        UNION ALL
        SELECT date(substr(c.started_at, 1, 10), '+1 day') FROM contacts c
        WHERE c.id IN (OLD.contact_id, NEW.contact_id));
END;

CREATE TRIGGER scorecard_days_referral_delete AFTER DELETE ON contact_referrals
BEGIN
    DELETE FROM scorecard_days WHERE day IN (
        SELECT substr(c.started_at, 1, 10) FROM contacts c WHERE c.id = OLD.contact_id
        UNION ALL
        SELECT date(substr(c.started_at, 1, 10), '+1 day') FROM contacts c
        WHERE c.id = OLD.contact_id);
END;

-- Which services count as municipal, parish or NGO ones decides the consultations figure of
-- every day: a change in the directory's organisations forgets them all.
CREATE TRIGGER scorecard_days_service_insert AFTER INSERT ON services
BEGIN
    DELETE FROM scorecard_days;
END;

CREATE TRIGGER scorecard_days_service_update AFTER UPDATE OF organisation_id ON services
WHEN OLD.organisation_id IS NOT NEW.organisation_id
BEGIN
    DELETE FROM scorecard_days;
END;

CREATE TRIGGER scorecard_days_service_delete AFTER DELETE ON services
BEGIN
    DELETE FROM scorecard_days;
END;

CREATE TRIGGER scorecard_days_organisation_insert AFTER INSERT ON organisations
BEGIN
    DELETE FROM scorecard_days;
END;

CREATE TRIGGER scorecard_days_organisation_update AFTER UPDATE OF org_type ON organisations
WHEN OLD.org_type IS NOT NEW.org_type
BEGIN
    DELETE FROM scorecard_days;
END;

CREATE TRIGGER scorecard_days_organisation_delete AFTER DELETE ON organisations
BEGIN
    DELETE FROM scorecard_days;
END;
