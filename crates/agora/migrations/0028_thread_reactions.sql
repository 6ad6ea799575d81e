-- Reactions on the replies of discussion threads: a small fixed set of emoji (checked by the
-- application, see components/threads/reactions.rs), one per person per emoji per reply. The
-- primary key is what keeps it one under concurrency; counts are always recounted from these
-- rows, so they cannot drift.
CREATE TABLE comment_reactions (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id, emoji)
);
