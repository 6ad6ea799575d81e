-- Paper ballots of a budget. Counts entered by admins from paper voting, one per project:
-- a paper vote for a project counts as a ballot approving that project alone (exact for the
-- greedy rule, an approximation for the proportional ones — docs/guides/budgets.md).
CREATE TABLE budget_paper_counts (
    project_id BIGINT NOT NULL PRIMARY KEY REFERENCES budget_projects (id) ON DELETE CASCADE,
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    votes BIGINT NOT NULL CHECK (votes >= 0),
    updated_at BIGINT NOT NULL
);
CREATE INDEX budget_paper_counts_budget ON budget_paper_counts (budget_id);

-- Whole ballots imported from a Pabulib file (a past election replayed, or paper ballots
-- transcribed one by one): counted like cast ballots by every rule. `lines` is JSON
-- [[project_id, value], ...] in the ballot's order; `voter_ref` is the file's voter_id.
CREATE TABLE budget_imported_ballots (
    id {id},
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    voter_ref TEXT NOT NULL,
    lines TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX budget_imported_ballots_budget ON budget_imported_ballots (budget_id, id);

-- Moves on every change of paper counts or imported ballots: with the number of cast
-- ballots (which only grows) it keys the cache of the results preview.
ALTER TABLE budgets ADD COLUMN paper_version BIGINT NOT NULL DEFAULT 0;
