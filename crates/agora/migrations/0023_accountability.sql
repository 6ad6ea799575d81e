-- Accountability: what became of the decisions. Results form a tree (result → sub-results, three
-- levels at most, checked by the application under the component's row lock), each with an
-- admin-defined status, a progress (0–100, the result's own; a result with sub-results shows the
-- progress computed from them when read, never stored), dated milestones, and links to the
-- budget projects and proposals it came from (JSON arrays of ids, checked when written).
-- Days are ISO `YYYY-MM-DD` text, as phases' days: they sort as text on both backends.
CREATE TABLE accountability_statuses (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    -- Short code used by the CSV import (`planned`, `in-progress`, `done`...).
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The progress a result takes when it gets this status without a progress of its own.
    progress BIGINT CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accountability_statuses_code ON accountability_statuses (component_id, code);

CREATE TABLE accountability_results (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES accountability_results (id) ON DELETE CASCADE,
    -- The city's own reference (from its project-management tool), for CSV updates.
    reference TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    status_id BIGINT REFERENCES accountability_statuses (id) ON DELETE SET NULL,
    progress BIGINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    -- The weight among its siblings when the component weighs progress (NULL: its projects' cost).
    weight BIGINT CHECK (weight IS NULL OR weight >= 0),
    project_ids TEXT NOT NULL DEFAULT '[]',
    proposal_ids TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX accountability_results_component ON accountability_results (component_id, id);
CREATE INDEX accountability_results_parent ON accountability_results (parent_id);
CREATE UNIQUE INDEX accountability_results_reference ON accountability_results (component_id, reference);

CREATE TABLE accountability_milestones (
    id {id},
    result_id BIGINT NOT NULL REFERENCES accountability_results (id) ON DELETE CASCADE,
    happened_on TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX accountability_milestones_result ON accountability_milestones (result_id, happened_on, id);
