-- The action log: one append-only, hash-chained table of what people did (issue 7).
--
-- `seq` is the position in the chain (1, 2, 3, ... without gaps). Each entry's `hash` is the
-- SHA-256 of its own fields and of `prev_hash`, the previous entry's hash, so altering,
-- removing or inserting an entry breaks every hash after it. `content_hash` is the SHA-256 of
-- the affected record's canonical content right after the action (or of "absent" when the
-- action removed it), which lets `agora verify` check the current records against the log.
--
-- No foreign keys: deleting a person, a space or an organisation must neither delete nor
-- rewrite entries (a cascade or SET NULL would be an UPDATE the chain would report).
CREATE TABLE action_log (
    seq BIGINT PRIMARY KEY,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    organization_id BIGINT,
    space_id BIGINT,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'admins', 'private')),
    link TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
-- The activity pages: newest public entries of an organisation or of a space, by keyset on seq.
CREATE INDEX action_log_organization ON action_log (organization_id, visibility, seq);
CREATE INDEX action_log_space ON action_log (space_id, visibility, seq);
-- The organisation's admin log (every entry but the private ones).
CREATE INDEX action_log_organization_seq ON action_log (organization_id, seq);

-- The head of the chain: one row, locked by every append (an UPDATE on it), so appends from
-- any number of connections and app servers are serialized and the chain never forks.
CREATE TABLE action_log_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    length BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO action_log_head (id, length, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Record kinds whose rows that existed before the log were entered in it ("recorded"), once.
CREATE TABLE action_log_adopted (
    subject_kind TEXT PRIMARY KEY,
    adopted_at BIGINT NOT NULL
);
