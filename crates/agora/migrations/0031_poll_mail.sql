-- Poll e-mails (issue 5): the "closing soon" reminder is sent once per poll; the column is
-- claimed by the sender (UPDATE ... WHERE reminder_sent_at IS NULL) so two runs never both send.
ALTER TABLE polls ADD COLUMN reminder_sent_at BIGINT;
