-- A poll may be started from inside a discussion thread: it then appears in the thread's
-- timeline, and once closed with an outcome, in its outline as an intermediate decision.
-- Deleting the thread keeps the poll (it still belongs to its polls component).
ALTER TABLE polls ADD COLUMN thread_id BIGINT REFERENCES threads (id) ON DELETE SET NULL;
CREATE INDEX polls_thread ON polls (thread_id, created_at);
