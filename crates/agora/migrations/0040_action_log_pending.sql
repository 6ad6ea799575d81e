-- Entries written by actions, waiting to enter the chain (see platform/action_log/pending.rs).
--
-- An action inserts its entry here, in its own transaction, so the entry exists exactly when the
-- action does; the chain (seq, prev_hash, hash) is computed afterwards, in batches, by whoever
-- settles the log: the server every fraction of a second, and every reader of the log before it
-- reads. Until then no action waits for another's commit: with the head locked by each action
-- until it committed, PostgreSQL ran one vote at a time (an fsync each, about 600 votes/s).
-- The columns are those of `action_log` but the chain's; `id` is the order they are chained in.
CREATE TABLE action_log_pending (
    id {id},
    actor_id BIGINT,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    organization_id BIGINT,
    space_id BIGINT,
    visibility TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
