-- Groups: may plain members edit other people's comments (Loomio's "members can edit others'
-- comments")? Off by default; the group's admins and moderators always may. The edit keeps the
-- previous text as a version, and the action log records who edited.
ALTER TABLE space_groups ADD COLUMN members_edit_comments BIGINT NOT NULL DEFAULT 0
    CHECK (members_edit_comments IN (0, 1));
