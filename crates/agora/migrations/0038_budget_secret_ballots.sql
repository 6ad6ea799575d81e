-- Secret budget ballots (docs/SECURITY.md). When a budget's ballots are secret, checking out
-- moves the ballot's content out of the voter's `budget_ballots` row (which keeps only "this
-- person voted, then": no lines, no total, no receipt) into `budget_secret_ballots`: no voter,
-- no time, a random id (never the sequence), the SHA-256 of the receipt code, and the lines as
-- text (",project:value,...", ordered by value then project). No foreign key or log entry links
-- the two rows. When voting has closed, the secret ballots are *sealed*: rewritten with fresh
-- random ids in the order of those ids, and only then entered in the action log.
ALTER TABLE budgets ADD COLUMN secret BIGINT NOT NULL DEFAULT 0 CHECK (secret IN (0, 1));

CREATE TABLE budget_secret_ballots (
    id {id},
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    receipt_hash TEXT NOT NULL,
    sealed BIGINT NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);
CREATE INDEX budget_secret_ballots_budget ON budget_secret_ballots (budget_id, id);
CREATE UNIQUE INDEX budget_secret_ballots_receipt ON budget_secret_ballots (receipt_hash);
