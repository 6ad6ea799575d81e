-- Discussion threads: a title, a context text kept with every version, replies through the
-- comment service (resource_kind 'thread'), pinned replies forming an outline, and per-person
-- read markers (the last comment id they have seen).
CREATE TABLE threads (
    id {id},
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    context TEXT NOT NULL,
    reply_layout TEXT NOT NULL DEFAULT 'nested' CHECK (reply_layout IN ('nested', 'flat')),
    reply_order TEXT NOT NULL DEFAULT 'oldest' CHECK (reply_order IN ('oldest', 'newest')),
    closed_at BIGINT,
    comments_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX threads_component ON threads (component_id, id);

CREATE TABLE thread_versions (
    id {id},
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    context TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX thread_versions_thread ON thread_versions (thread_id, id);

CREATE TABLE thread_pins (
    id {id},
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX thread_pins_comment ON thread_pins (thread_id, comment_id);

CREATE TABLE thread_reads (
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_comment_id BIGINT NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
