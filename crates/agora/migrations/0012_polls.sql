-- Polls: a poll of a polls component, its options, who took part, and the ballots.
--
-- Secret ballots (anonymous polls, see docs/SECURITY.md): `poll_participations` says who
-- voted and `poll_ballots` what was voted, with nothing linking the two rows: participations
-- have no id and no time; a ballot of an anonymous poll has no user, no time, a random id
-- (never the sequence, so no insertion order), and a `voter_key` that is an HMAC of
-- (poll, voter) under a server secret kept outside the database. No foreign key or log entry
-- joins them. Ballots of named polls carry their voter and time, and keep a history.
CREATE TABLE polls (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    poll_type TEXT NOT NULL CHECK (poll_type IN ('proposal', 'single_choice', 'multiple_choice',
        'score', 'ranked_choice', 'dot_vote', 'majority_judgment', 'meeting', 'question')),
    title TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    -- ranked_choice: borda | irv | schulze; proposal: proposal | consent; others: ''.
    method TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'borda', 'irv', 'schulze', 'proposal', 'consent')),
    min_choices BIGINT NOT NULL DEFAULT 0,
    max_choices BIGINT NOT NULL DEFAULT 0,
    score_min BIGINT NOT NULL DEFAULT 0,
    score_max BIGINT NOT NULL DEFAULT 0,
    points BIGINT NOT NULL DEFAULT 0,
    -- Majority judgment: the grade scale, worst first, as a JSON array of names.
    grades TEXT NOT NULL DEFAULT '[]',
    anonymous BIGINT NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    hide_results TEXT NOT NULL DEFAULT 'until_vote' CHECK (hide_results IN ('off', 'until_vote', 'until_closed')),
    reason TEXT NOT NULL DEFAULT 'optional' CHECK (reason IN ('off', 'optional', 'required')),
    reason_max BIGINT NOT NULL DEFAULT 500,
    shuffle BIGINT NOT NULL DEFAULT 0 CHECK (shuffle IN (0, 1)),
    none_of_the_above BIGINT NOT NULL DEFAULT 0 CHECK (none_of_the_above IN (0, 1)),
    closes_at BIGINT,
    opened_at BIGINT,
    closed_at BIGINT,
    outcome_text TEXT,
    outcome_option_id BIGINT,
    outcome_review_at BIGINT,
    outcome_at BIGINT,
    -- 1 once an anonymous poll's ballots were rewritten in a fresh random order without
    -- their voter keys (after closing): from then on even the server cannot link them.
    sealed BIGINT NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX polls_component ON polls (component_id, id);

CREATE TABLE poll_options (
    id {id},
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- proposal positions (agree, abstain, disagree, block), 'none' for "none of the above".
    code TEXT
);
CREATE INDEX poll_options_poll ON poll_options (poll_id, position);

CREATE TABLE poll_participations (
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, user_id)
);

CREATE TABLE poll_ballots (
    id {id},
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    voter_key TEXT,
    content TEXT NOT NULL,
    reason TEXT,
    receipt_hash TEXT NOT NULL,
    updated_at BIGINT,
    CHECK (user_id IS NULL OR voter_key IS NULL)
);
CREATE UNIQUE INDEX poll_ballots_user ON poll_ballots (poll_id, user_id);
CREATE UNIQUE INDEX poll_ballots_voter_key ON poll_ballots (voter_key);
CREATE INDEX poll_ballots_poll ON poll_ballots (poll_id);

-- Every vote of a named poll, withdrawals included (content NULL): a voter's own history.
CREATE TABLE poll_vote_history (
    id {id},
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content TEXT,
    reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX poll_vote_history_voter ON poll_vote_history (poll_id, user_id, id);
