-- The intake's rate limit, shared by every replica: one row per accepted attempt within the window.
-- The address is kept only as a SHA-256 digest: the limit needs equality, not the address.
CREATE TABLE intake_attempt (
    address_digest TEXT        NOT NULL,
    attempted_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX intake_attempt_by_address ON intake_attempt (address_digest, attempted_at);
