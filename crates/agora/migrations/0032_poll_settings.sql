-- Poll settings of issue 5 that the first polls migration did not have.
--
-- Specified voters: when a poll has rows here, only they may vote (and they are its eligible
-- voters); without rows, the space's rule applies. `kind` says why someone is on the list:
-- 'specified' (a member of the space the author picked) or 'guest' (someone invited to this
-- one poll, added by the groups work), so both fit in one list and one check.
CREATE TABLE poll_voters (
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'specified' CHECK (kind IN ('specified', 'guest')),
    PRIMARY KEY (poll_id, user_id)
);
CREATE INDEX poll_voters_user ON poll_voters (user_id);

-- Quorum: the share of eligible voters who must take part (percent, NULL: none). Pass
-- threshold: the share the agree position (proposal) or the winner (choice polls) needs,
-- counted over votes cast ('cast') or over eligible voters ('eligible'); NULL: none.
ALTER TABLE polls ADD COLUMN quorum_percent BIGINT CHECK (quorum_percent BETWEEN 1 AND 100);
ALTER TABLE polls ADD COLUMN pass_percent BIGINT CHECK (pass_percent BETWEEN 1 AND 100);
ALTER TABLE polls ADD COLUMN pass_base TEXT NOT NULL DEFAULT 'cast' CHECK (pass_base IN ('cast', 'eligible'));

-- Meeting polls: the time zone the author entered the slots in and the page shows them in
-- ('' for other polls), and each slot's start in UTC with the poll's slot length.
ALTER TABLE polls ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE polls ADD COLUMN slot_minutes BIGINT NOT NULL DEFAULT 60;
ALTER TABLE poll_options ADD COLUMN starts_at BIGINT;
