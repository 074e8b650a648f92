package io.rosterbridge.requests.repository;

import java.util.Locale;

/**
 * A run's status as sync-fetcher reports it, ordered: a run only moves forward (started → progress →
 * completed | held | failed → approved | discarded), so a late or replayed event can never take it back.
 */
public enum RunStatus {
    STARTED(0), PROGRESS(1), COMPLETED(2), HELD(2), FAILED(2), APPROVED(3), DISCARDED(3);

    private final int stage;

    RunStatus(int stage) {
        this.stage = stage;
    }

    /**
     * Whether a run that is in this status takes {@code reported}: a later stage, or the same status again
     * (progress after progress, the fetcher's first event after the writer's signal created the row).
     * Another outcome of the same stage (completed after failed) is not a move forward and is refused.
     */
    public boolean accepts(RunStatus reported) {
        return reported.stage > stage || reported == this;
    }

    /** The fetcher is done with the run (held runs wait for support, but the fetch is over). */
    public boolean finished() {
        return stage >= 2;
    }

    /** Support's decision on a held run, as the fetcher carried it out. */
    public boolean decision() {
        return stage == 3;
    }

    /** The value on the wire (sync.runs) and in the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a status the contract does not know (the record is dead-lettered) */
    public static RunStatus fromCode(String code) {
        try {
            return valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown run status \"" + code + "\"", e);
        }
    }
}
