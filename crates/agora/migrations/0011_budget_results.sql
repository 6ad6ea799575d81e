-- The published result of a budget: the rule the admins chose after comparing them, the
-- winners in the order the rule chose them, and agora-tally's explanation (JSON), kept as
-- published so the page never changes afterwards. One per budget: published once.
CREATE TABLE budget_results (
    budget_id BIGINT NOT NULL PRIMARY KEY REFERENCES budgets (id) ON DELETE CASCADE,
    rule TEXT NOT NULL CHECK (rule IN ('greedy', 'mes-add1', 'phragmen', 'max-supporters')),
    selected TEXT NOT NULL,
    total_cost BIGINT NOT NULL,
    voters BIGINT NOT NULL,
    represented BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    published_at BIGINT NOT NULL
);
