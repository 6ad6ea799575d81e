-- A poll's count reads its ballots grouped by content: with the content in the index, both
-- databases answer from the index alone (no visit to the 100,000 table rows of a large poll,
-- and on SQLite the groups come in index order, without a temporary sort). It replaces the
-- index on `poll_id` alone, which it covers.
CREATE INDEX poll_ballots_content ON poll_ballots (poll_id, content);
DROP INDEX poll_ballots_poll;
