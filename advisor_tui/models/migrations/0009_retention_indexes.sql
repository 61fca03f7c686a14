-- Indexes for the retention check that runs at every start: only rows that still hold
-- free text are indexed, so the check reads nothing once the text has been purged.
CREATE INDEX contacts_notes_to_purge ON contacts (started_at) WHERE length(summary) > 0;
CREATE INDEX contact_referrals_reasons ON contact_referrals (contact_id) WHERE length(reason) > 0;
