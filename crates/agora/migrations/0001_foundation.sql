-- Foundation: people, sessions, mail, organisations, spaces, phases, components.
-- Portable SQL: `{id}` becomes the backend's auto-increment key; times are Unix seconds (UTC);
-- flags are BIGINT 0/1 with a CHECK; enumerations are TEXT with a CHECK.

CREATE TABLE users (
    id {id},
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    locale TEXT,
    is_instance_admin BIGINT NOT NULL DEFAULT 0 CHECK (is_instance_admin IN (0, 1)),
    confirmed_at BIGINT,
    blocked_at BIGINT,
    blocked_reason TEXT,
    deleted_at BIGINT,
    accepted_terms_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

-- A signed-in browser. Only a hash of the cookie's token is stored.
CREATE TABLE sessions (
    id {id},
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT,
    ip TEXT
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (user_id);

-- Personal API tokens for `Authorization: Bearer`. Only a hash is stored.
CREATE TABLE api_tokens (
    id {id},
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_token ON api_tokens (token_hash);

-- Single-use links sent by e-mail (confirm an address, reset a password).
CREATE TABLE email_tokens (
    id {id},
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE UNIQUE INDEX email_tokens_token ON email_tokens (token_hash);

-- Mail waiting to be sent by the background sender; a row is never lost on a crash.
CREATE TABLE outbox (
    id {id},
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);

-- Fixed-window counters for sign-in, sign-up and reset attempts (per IP and per account).
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE organizations (
    id {id},
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    default_locale TEXT NOT NULL DEFAULT 'fr' CHECK (default_locale IN ('fr', 'en', 'es', 'ca')),
    available_locales TEXT NOT NULL DEFAULT 'fr,en,es,ca',
    time_zone TEXT NOT NULL DEFAULT 'Europe/Paris',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX organizations_slug ON organizations (slug);

CREATE TABLE memberships (
    id {id},
    organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX memberships_person ON memberships (organization_id, user_id);
CREATE INDEX memberships_user ON memberships (user_id);

-- An invitation by e-mail to join an organisation; accepted by following the link.
CREATE TABLE invitations (
    id {id},
    organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    token_hash TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);

-- A participatory process (with phases) or an assembly (a permanent body).
CREATE TABLE spaces (
    id {id},
    organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('process', 'assembly')),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'public'
        CHECK (visibility IN ('public', 'members_participate', 'private', 'secret')),
    published_at BIGINT,
    active_phase_id BIGINT,
    position BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX spaces_slug ON spaces (organization_id, slug);

CREATE TABLE phases (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT
);
CREATE INDEX phases_space ON phases (space_id, position);

-- Roles inside one space (space admin, moderator, collaborator, evaluator, member).
CREATE TABLE space_members (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'collaborator', 'evaluator', 'member')),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX space_members_person ON space_members (space_id, user_id);
CREATE INDEX space_members_user ON space_members (user_id);

-- A component placed in a space (proposals, polls, budgets, a page...): its settings are JSON text,
-- validated by the component's manifest; per-phase settings override them while a phase is active.
CREATE TABLE components (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    settings TEXT NOT NULL DEFAULT '{}',
    published_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX components_space ON components (space_id, position);

CREATE TABLE component_phase_settings (
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    settings TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (component_id, phase_id)
);

-- The "page" component's content: a Markdown text.
CREATE TABLE pages (
    component_id BIGINT PRIMARY KEY REFERENCES components (id) ON DELETE CASCADE,
    body TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
