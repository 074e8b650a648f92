-- The login attempts support sees on a person's page: a read model of sso-gateway's login.audit, one row per
-- event (the event id is the key, so a redelivered event adds nothing), deleted after login-attempts.retention.
-- Ids, the outcome and a short reason only, as on the topic: never names, emails or tokens.
CREATE TABLE login_attempt (
    event_id        UUID         PRIMARY KEY,
    clever_user_id  TEXT,
    district_id     TEXT,
    outcome         TEXT         NOT NULL,
    flow            TEXT         NOT NULL,
    roles           TEXT[]       NOT NULL,
    detail          TEXT,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_user_idx ON login_attempt (clever_user_id, occurred_at DESC);
CREATE INDEX login_attempt_occurred_idx ON login_attempt (occurred_at);
