-- The district a budget is for (the "vote in the one assigned" workflow matches it with the
-- voter's verified district), and the evaluation of projects: feasibility with a reason, set by
-- the space's evaluators. Unfeasible projects cannot be put on a ballot.
ALTER TABLE budgets ADD COLUMN district TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_projects ADD COLUMN feasibility TEXT NOT NULL DEFAULT 'pending'
    CHECK (feasibility IN ('pending', 'feasible', 'unfeasible'));
ALTER TABLE budget_projects ADD COLUMN feasibility_reason TEXT NOT NULL DEFAULT '';
