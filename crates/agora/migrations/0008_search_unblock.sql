-- Full-text search of proposals, the same SQL on both databases: an inverted index that
-- agora fills from Rust (platform/search.rs cuts texts into terms). One row per term and
-- proposal; title words weigh more than body words. `hidden` mirrors moderation and
-- `withdrawn` the proposal's state, so the index alone answers "similar proposals".
-- The index is written in the transaction that changes the proposal; existing proposals are
-- indexed by `agora migrate` right after this migration (search_version < the tokenizer's).
CREATE TABLE proposal_search_terms (
    term TEXT NOT NULL,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    weight BIGINT NOT NULL CHECK (weight > 0),
    hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    withdrawn BIGINT NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    PRIMARY KEY (component_id, term, proposal_id)
);
CREATE INDEX proposal_search_terms_proposal ON proposal_search_terms (proposal_id);

-- The tokenizer version a proposal was indexed with (0: not indexed yet).
ALTER TABLE proposals ADD COLUMN search_version BIGINT NOT NULL DEFAULT 0;

-- Who blocked whom, when, why, from which space — and who lifted the block and why. The
-- account's `users.blocked_at` stays the switch that keeps them out; this is the record
-- moderators read on the "blocked participants" page.
CREATE TABLE user_blocks (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    blocked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    lifted_at BIGINT,
    lifted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    lift_reason TEXT
);
CREATE INDEX user_blocks_user ON user_blocks (user_id, id);
CREATE INDEX user_blocks_space ON user_blocks (space_id, id);

-- Blocks made before this table existed: the space is one where the person's content was
-- moderated (the only spaces whose moderators could block them), the blocker unknown.
INSERT INTO user_blocks (user_id, space_id, blocked_by, reason, created_at)
SELECT u.id, (SELECT MIN(m.space_id) FROM moderations m WHERE m.author_id = u.id), NULL,
       COALESCE(u.blocked_reason, ''), u.blocked_at
FROM users u
WHERE u.blocked_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM moderations m WHERE m.author_id = u.id);

-- The public log learns 'unblock'. A CHECK cannot be altered portably: the table is rebuilt
-- (nothing references its ids; rows keep their order).
CREATE TABLE moderation_log_new (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    moderation_id BIGINT REFERENCES moderations (id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('hide', 'unhide', 'dismiss', 'auto_hide', 'block', 'unblock')),
    actor_role TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
INSERT INTO moderation_log_new (space_id, moderation_id, action, actor_role, reason, created_at)
SELECT space_id, moderation_id, action, actor_role, reason, created_at FROM moderation_log ORDER BY id;
DROP TABLE moderation_log;
ALTER TABLE moderation_log_new RENAME TO moderation_log;
CREATE INDEX moderation_log_space ON moderation_log (space_id, id);
