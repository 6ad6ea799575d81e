-- Spaces: a phase's position is unique within its space, so the order of phases is never
-- ambiguous. Reordering swaps positions inside one transaction that first locks the space row.
DROP INDEX phases_space;
CREATE UNIQUE INDEX phases_space_position ON phases (space_id, position);
