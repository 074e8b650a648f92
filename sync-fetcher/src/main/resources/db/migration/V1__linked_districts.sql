-- The districts integration-requests has linked, as last seen on district.links.
CREATE TABLE linked_district (
    district_id         CHAR(24)     PRIMARY KEY,
    organisation_id     TEXT         NOT NULL,
    district_name       TEXT         NOT NULL,
    status              TEXT         NOT NULL,
    licensed_school_ids TEXT[]       NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);
