-- The districts integration-requests has linked, as last seen on district.links.
CREATE TABLE linked_district (
    district_id     CHAR(24)     PRIMARY KEY,
    organisation_id TEXT         NOT NULL,
    district_name   TEXT         NOT NULL,
    status          TEXT         NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- Authorization codes already redeemed (SHA-256 only, never the code), kept minutes, to answer replayed callbacks.
CREATE TABLE redeemed_code (
    code_hash      CHAR(64)     PRIMARY KEY,
    clever_user_id TEXT         NOT NULL,
    session_id     TEXT,                      -- null: the login was refused
    redeemed_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX redeemed_code_redeemed_at ON redeemed_code (redeemed_at);
