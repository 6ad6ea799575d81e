-- E-mail notifications and @mentions (issue 5).
-- Nicknames: unique, lower case; filled for existing accounts at startup from their names
-- (db::nicknames), because turning a name into a nickname is not portable SQL.
ALTER TABLE users ADD COLUMN nickname TEXT;
CREATE UNIQUE INDEX users_nickname ON users (nickname);
-- How a person hears about notifications by e-mail: at once, once a day, or not at all.
ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL DEFAULT 'instant'
    CHECK (email_notifications IN ('instant', 'digest', 'off'));
-- The unsubscribe address of a notification e-mail (List-Unsubscribe, RFC 8058); NULL for
-- account e-mails (confirmation, password reset), which cannot be unsubscribed from.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
-- What waits for a person's daily digest (already written in their language).
CREATE TABLE mail_digest_items (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    digest_id BIGINT
);
CREATE INDEX mail_digest_items_pending ON mail_digest_items (user_id) WHERE digest_id IS NULL;
-- One digest per person per day (UTC day number): the unique index makes two digest runs
-- that race send one e-mail.
CREATE TABLE mail_digests (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mail_digests_day ON mail_digests (user_id, day);
