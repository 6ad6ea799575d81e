-- Accounts: the mail sender's retry schedule, and indexes for the account pages.

-- When the sender may try a message next: a lease while it is being sent (so two app servers
-- never send it twice, and a crash only delays it), then a growing delay after each failure.
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT;

CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
