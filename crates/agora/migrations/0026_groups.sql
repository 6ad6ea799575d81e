-- Groups (Loomio-style): an assembly used as a group. Its privacy maps onto the space's
-- visibility (open and closed: `private`; secret: `secret`); `join_by_request` tells closed
-- from open. A subgroup names its parent (one level: the parent has no parent). The
-- `members_*` flags say what plain members may do; admins always may.
CREATE TABLE space_groups (
    space_id BIGINT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    parent_space_id BIGINT REFERENCES spaces (id) ON DELETE CASCADE,
    join_by_request BIGINT NOT NULL DEFAULT 0 CHECK (join_by_request IN (0, 1)),
    members_start_threads BIGINT NOT NULL DEFAULT 1 CHECK (members_start_threads IN (0, 1)),
    members_create_polls BIGINT NOT NULL DEFAULT 1 CHECK (members_create_polls IN (0, 1)),
    members_add_members BIGINT NOT NULL DEFAULT 1 CHECK (members_add_members IN (0, 1)),
    members_invite_guests BIGINT NOT NULL DEFAULT 1 CHECK (members_invite_guests IN (0, 1)),
    members_edit_context BIGINT NOT NULL DEFAULT 1 CHECK (members_edit_context IN (0, 1)),
    members_create_subgroups BIGINT NOT NULL DEFAULT 0 CHECK (members_create_subgroups IN (0, 1))
);
CREATE INDEX space_groups_parent ON space_groups (parent_space_id);

-- Someone asking to join a closed group; an admin accepts or declines, the requester is told.
CREATE TABLE group_join_requests (
    id {id},
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
-- One pending request per person and group (a double click makes one).
CREATE UNIQUE INDEX group_join_requests_pending ON group_join_requests (space_id, user_id)
    WHERE status = 'pending';
