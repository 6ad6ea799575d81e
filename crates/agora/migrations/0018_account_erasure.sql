-- Account deletion erases everything personal (issue 7): the name goes too (pages show
-- "deleted participant" in the reader's language), and so do follows, notifications, reading
-- positions, the private history of named votes and unfinished budget baskets. Accounts
-- deleted before this migration get the same treatment for what can still be found (their
-- e-mail address was already replaced, so mails and invitations to it cannot be matched).
UPDATE users SET name = '', locale = NULL, password_hash = NULL WHERE deleted_at IS NOT NULL;
DELETE FROM follows WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
DELETE FROM notifications WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
DELETE FROM thread_reads WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
DELETE FROM poll_vote_history WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
DELETE FROM email_tokens WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
DELETE FROM budget_ballot_lines WHERE ballot_id IN (
    SELECT id FROM budget_ballots
    WHERE checked_out_at IS NULL AND user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL));
DELETE FROM budget_ballots
WHERE checked_out_at IS NULL AND user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);
