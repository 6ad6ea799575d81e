-- Greedy by votes with a threshold as a published rule: the admins enter the votes (points, for
-- points and ranking budgets) a project needs, and the result keeps it, so the page, the API and
-- the Pabulib export say which threshold chose the winners. SQLite cannot change a CHECK, so the
-- table is rebuilt (nothing refers to it).
CREATE TABLE budget_results_0035 (
    budget_id BIGINT NOT NULL PRIMARY KEY REFERENCES budgets (id) ON DELETE CASCADE,
    rule TEXT NOT NULL
        CHECK (rule IN ('greedy', 'greedy-threshold', 'mes-add1', 'phragmen', 'max-supporters')),
    threshold BIGINT CHECK (threshold IS NULL OR threshold >= 0),
    selected TEXT NOT NULL,
    total_cost BIGINT NOT NULL,
    voters BIGINT NOT NULL,
    represented BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    CHECK ((rule = 'greedy-threshold' AND threshold IS NOT NULL)
        OR (rule <> 'greedy-threshold' AND threshold IS NULL))
);
INSERT INTO budget_results_0035 (budget_id, rule, threshold, selected, total_cost, voters,
    represented, explanation, published_at)
SELECT budget_id, rule, NULL, selected, total_cost, voters, represented, explanation, published_at
FROM budget_results;
DROP TABLE budget_results;
ALTER TABLE budget_results_0035 RENAME TO budget_results;
