-- Participants' social features: follows (generic, for every component), endorsements and
-- amendments of proposals, the supports milestones already announced, and the index behind the
-- unread count in the header.

-- Who follows which resource. Any component can reuse it with its own `resource_kind`.
CREATE TABLE follows (
    id {id},
    resource_kind TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX follows_resource_user ON follows (resource_kind, resource_id, user_id);
CREATE INDEX follows_user ON follows (user_id);

-- Authors follow their proposals (as new proposals do from now on).
INSERT INTO follows (resource_kind, resource_id, user_id, created_at)
SELECT 'proposal', id, author_id, created_at FROM proposals;

-- The header counts a person's unread notifications on every page: only unread rows indexed.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Endorsements: public, unlimited, one per person and proposal.
ALTER TABLE proposals ADD COLUMN endorsements_count BIGINT NOT NULL DEFAULT 0;
CREATE TABLE endorsements (
    id {id},
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX endorsements_proposal_user ON endorsements (proposal_id, user_id);
CREATE INDEX endorsements_user ON endorsements (user_id);

-- Amendments: another participant's amended title and body, which the proposal's author
-- accepts (it becomes a new version) or rejects, or which its author withdraws.
CREATE TABLE proposal_amendments (
    id {id},
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'accepted', 'rejected', 'withdrawn')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX proposal_amendments_proposal ON proposal_amendments (proposal_id, id);

-- Supports milestones a proposal reached: the primary key makes each one announced once.
CREATE TABLE proposal_milestones (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    milestone BIGINT NOT NULL,
    reached_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, milestone)
);
