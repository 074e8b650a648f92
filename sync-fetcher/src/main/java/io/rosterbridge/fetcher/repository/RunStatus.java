package io.rosterbridge.fetcher.repository;

import java.util.Locale;

/** Where a sync run stands (sync_run.status; the same words on sync.runs). */
public enum RunStatus {
    RUNNING, COMPLETED, HELD, FAILED, APPROVED, DISCARDED;

    /** The word stored and published. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
