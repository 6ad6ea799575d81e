-- A closed poll's turnout, fixed when it closes: how many people could vote, how many of them
-- did not, and the first of those by name (what the results page lists). Counting them over a
-- group of 100,000 members took 0.65 s on SQLite and more on PostgreSQL at every view of the
-- results, yet participations cannot change once a poll is closed. Taken when the poll is
-- closed (or, closed by its date, when it is first shown afterwards), dropped when it is
-- reopened; open polls keep counting live. `eligible` is NULL when anyone signed in could vote;
-- `voters` is how many took part (the poll's `voters_count`, else a count of its participations).
CREATE TABLE poll_turnouts (
    poll_id BIGINT PRIMARY KEY REFERENCES polls (id) ON DELETE CASCADE,
    eligible BIGINT,
    not_voted BIGINT NOT NULL,
    voters BIGINT NOT NULL,
    taken_at BIGINT NOT NULL
);

-- The first non-voters by name at closing (ids, so a later account deletion removes them).
CREATE TABLE poll_turnout_non_voters (
    poll_id BIGINT NOT NULL REFERENCES poll_turnouts (poll_id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, position)
);
