-- Open data (issue 7): the licence an organisation publishes its open data under. One row per
-- organisation that chose one; without a row the licence is ODbL 1.0. A table of its own rather
-- than a column of `organizations`, so that the organisation's struct and queries stay as they are.
CREATE TABLE open_data_settings (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    license TEXT NOT NULL CHECK (license IN ('odbl-1.0', 'cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0', 'etalab-2.0')),
    updated_at BIGINT NOT NULL
);
