-- The "closing soon" reminder, 24 hours before a poll closes, to those who have not voted:
-- claimed once per poll by setting this column in the statement that finds it due, so two
-- reminder runs at the same time cannot both send it.
ALTER TABLE polls ADD COLUMN reminder_sent_at BIGINT;
CREATE INDEX polls_reminder_due ON polls (closes_at) WHERE reminder_sent_at IS NULL;
