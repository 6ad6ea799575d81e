-- The "closing soon" reminder (`reminder_sent_at`, added by 0031_poll_mail) is looked for every few
-- minutes among polls whose reminder is not sent yet: an index on their closing dates only.
CREATE INDEX polls_reminder_due ON polls (closes_at) WHERE reminder_sent_at IS NULL;
