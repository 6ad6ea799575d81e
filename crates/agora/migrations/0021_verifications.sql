-- A minimal census for verifications: an organisation's admins upload entries (the SHA-256 of a
-- document number as the city computed it, a birth date, a district); a person verifies by
-- typing their document number and birth date. The stored key is an HMAC of the document hash
-- under the server secret (a file outside the database), so a dump alone does not let anyone
-- test document numbers. One person per entry, one entry per person and organisation.
CREATE TABLE census_entries (
    id {id},
    organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    census_key TEXT NOT NULL,
    -- YYYY-MM-DD
    birth_date TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    verified_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX census_entries_key ON census_entries (organization_id, census_key);
CREATE UNIQUE INDEX census_entries_user ON census_entries (organization_id, user_id);
