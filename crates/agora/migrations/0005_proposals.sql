-- Proposals: what participants propose in a proposals component, every version of their
-- text, and the supports they receive. `supports_count` is kept in the same transaction as
-- each support; `proposal_support_tallies` holds one row per (component, person) that every
-- support and withdrawal updates first, so the per-person limit is enforced on a locked row.
CREATE TABLE proposals (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    address TEXT,
    state TEXT NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'withdrawn')),
    answer_state TEXT CHECK (answer_state IN ('evaluating', 'accepted', 'rejected', 'custom')),
    answer_custom_state TEXT,
    answer_text TEXT,
    answer_cost BIGINT,
    answered_at BIGINT,
    answer_published_at BIGINT,
    supports_count BIGINT NOT NULL DEFAULT 0,
    comments_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX proposals_component ON proposals (component_id, id);
CREATE INDEX proposals_component_supports ON proposals (component_id, supports_count);
CREATE INDEX proposals_author ON proposals (author_id, component_id);

CREATE TABLE proposal_versions (
    id {id},
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX proposal_versions_proposal ON proposal_versions (proposal_id, id);

CREATE TABLE supports (
    id {id},
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX supports_proposal_user ON supports (proposal_id, user_id);
CREATE INDEX supports_user ON supports (user_id);

CREATE TABLE proposal_support_tallies (
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    supports BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (component_id, user_id)
);
