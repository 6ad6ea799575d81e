-- Indexes for lists at the scale of a large city (30,000 proposals in one component, threads of
-- thousands of comments): every list page reads one index range of about a page, never all rows.
--
-- The random order (see components/proposals/model.rs): four shuffles of the ids, each a
-- multiplication modulo the prime 2^31 - 1; a seed picks one shuffle and a starting point in it.
-- With the state, a page of the default list (published proposals) reads the index alone.
CREATE INDEX proposals_shuffle_0 ON proposals (component_id, ((id * 1103515245) % 2147483647), state);
CREATE INDEX proposals_shuffle_1 ON proposals (component_id, ((id * 741103597) % 2147483647), state);
CREATE INDEX proposals_shuffle_2 ON proposals (component_id, ((id * 1583458089) % 2147483647), state);
CREATE INDEX proposals_shuffle_3 ON proposals (component_id, ((id * 950706376) % 2147483647), state);
-- The other orders, with the id that breaks ties (PostgreSQL's indexes do not carry it).
DROP INDEX proposals_component_supports;
CREATE INDEX proposals_component_supports ON proposals (component_id, supports_count, id);
CREATE INDEX proposals_component_comments ON proposals (component_id, comments_count, id);
CREATE INDEX proposals_component_created ON proposals (component_id, created_at, id);
-- A list's count ("30,000 proposals") and its filters by state, answer, author and supports,
-- answered from this index alone.
CREATE INDEX proposals_list ON proposals (component_id, state, answer_published_at, answer_state, author_id, supports_count, id);
