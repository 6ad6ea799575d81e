-- Guests: an e-mail address invited to one thread or one poll of a group. The link carries a
-- random token; only its SHA-256 is stored. Accepting binds the invitation to the account that
-- opened the link; that account then sees and takes part in that one item, nothing else.
CREATE TABLE group_guests (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('thread', 'poll')),
    item_id BIGINT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE UNIQUE INDEX group_guests_token ON group_guests (token_hash);
CREATE INDEX group_guests_item ON group_guests (item_kind, item_id, user_id);
