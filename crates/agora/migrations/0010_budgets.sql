-- Participatory budgeting: budgets inside a budgets component (one per district, say), their
-- projects, and each person's ballot. Amounts are whole currency units. Every change to a
-- person's ballots in a component first locks their `budget_voters` row, so two requests of
-- the same person never interleave, on one app server or several.
CREATE TABLE budgets (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    total BIGINT NOT NULL CHECK (total > 0),
    currency TEXT NOT NULL,
    -- approval: any projects within the budget (optionally spending at least min_percent);
    -- choose: between min_projects and max_projects projects whatever their cost;
    -- points: distribute `points` points; ranking: rank up to `points` projects.
    rule TEXT NOT NULL CHECK (rule IN ('approval', 'choose', 'points', 'ranking')),
    min_percent BIGINT NOT NULL DEFAULT 0 CHECK (min_percent BETWEEN 0 AND 100),
    min_projects BIGINT NOT NULL DEFAULT 0 CHECK (min_projects >= 0),
    max_projects BIGINT NOT NULL DEFAULT 0 CHECK (max_projects >= 0),
    points BIGINT NOT NULL DEFAULT 0 CHECK (points >= 0),
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX budgets_component ON budgets (component_id, position);

CREATE TABLE budget_projects (
    id {id},
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cost BIGINT NOT NULL CHECK (cost >= 0),
    category TEXT,
    district TEXT,
    -- JSON array of proposal ids the project comes from.
    proposal_ids TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX budget_projects_budget ON budget_projects (budget_id, id);

CREATE TABLE budget_voters (
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    changes BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (component_id, user_id)
);

CREATE TABLE budget_ballots (
    id {id},
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    total_cost BIGINT NOT NULL DEFAULT 0,
    checked_out_at BIGINT,
    receipt TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX budget_ballots_budget_user ON budget_ballots (budget_id, user_id);
CREATE UNIQUE INDEX budget_ballots_receipt ON budget_ballots (receipt);

-- One line per project on a ballot: `value` is 1 (approval, choose), the points given
-- (points) or the rank, 1 first (ranking).
CREATE TABLE budget_ballot_lines (
    ballot_id BIGINT NOT NULL REFERENCES budget_ballots (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    value BIGINT NOT NULL CHECK (value > 0),
    PRIMARY KEY (ballot_id, project_id)
);
CREATE INDEX budget_ballot_lines_project ON budget_ballot_lines (project_id);
