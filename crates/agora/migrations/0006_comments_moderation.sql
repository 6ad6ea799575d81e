-- Comments and moderation: platform services every component uses.
-- A comment belongs to a resource (resource_kind, resource_id) of a space; replies point to
-- their parent and to their thread's top-level comment (root_id) so a page of threads loads
-- its replies in one indexed query.

CREATE TABLE comments (
    id {id},
    resource_kind TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    root_id BIGINT,
    depth BIGINT NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 3),
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    alignment BIGINT NOT NULL DEFAULT 0 CHECK (alignment IN (-1, 0, 1)),
    up_votes BIGINT NOT NULL DEFAULT 0,
    down_votes BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT
);
CREATE INDEX comments_threads ON comments (resource_kind, resource_id, parent_id, id);
CREATE INDEX comments_replies ON comments (resource_kind, resource_id, root_id, id);
CREATE INDEX comments_author ON comments (author_id);

-- Earlier texts of an edited comment, oldest first.
CREATE TABLE comment_versions (
    id {id},
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX comment_versions_comment ON comment_versions (comment_id, id);

-- One vote per person and comment: up (1) or down (-1). Counters on comments are recounted
-- from this table under the comment's row lock.
CREATE TABLE comment_votes (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value BIGINT NOT NULL CHECK (value IN (-1, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- Moderation of any reportable resource (comments, later proposals...): one row per resource
-- once reported or acted on. hidden_at set = hidden (placeholder shown).
CREATE TABLE moderations (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    resource_kind TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reports_count BIGINT NOT NULL DEFAULT 0,
    hidden_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX moderations_resource ON moderations (resource_kind, resource_id);
CREATE INDEX moderations_space ON moderations (space_id, reports_count);

-- One report per person and resource. Reporters are never shown publicly.
CREATE TABLE reports (
    id {id},
    moderation_id BIGINT NOT NULL REFERENCES moderations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'other')),
    details TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    dismissed_at BIGINT
);
CREATE UNIQUE INDEX reports_person ON reports (moderation_id, user_id);

-- The public moderation log of a space: what was done, why, when, by which role.
CREATE TABLE moderation_log (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    moderation_id BIGINT REFERENCES moderations (id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('hide', 'unhide', 'dismiss', 'auto_hide', 'block')),
    actor_role TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_space ON moderation_log (space_id, id);

-- How many reports hide content automatically in a space (NULL: the default, 3).
ALTER TABLE spaces ADD COLUMN moderation_threshold BIGINT;

-- In-app notifications: a Fluent key with JSON arguments, and a link.
CREATE TABLE notifications (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text_key TEXT NOT NULL,
    args TEXT NOT NULL DEFAULT '{}',
    link TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
