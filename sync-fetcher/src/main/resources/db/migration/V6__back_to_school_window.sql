-- Back-to-school windows (issue 19): per district, the dates (US Eastern, inclusive) during which its runs hold every
-- removal for review or, in mode skip-night, its nightly run is skipped. A district without a row follows the global
-- default (fetcher.back-to-school.*); a row with enabled = FALSE opts the district out of the default.
CREATE TABLE back_to_school_window (
    district_id TEXT        PRIMARY KEY,
    enabled     BOOLEAN     NOT NULL,
    starts_on   DATE,
    ends_on     DATE,
    mode        TEXT        NOT NULL DEFAULT 'hold-removals' CHECK (mode IN ('hold-removals', 'skip-night')),
    set_by      TEXT        NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (NOT enabled OR (starts_on IS NOT NULL AND ends_on IS NOT NULL AND starts_on <= ends_on))
);
