package io.rosterbridge.contracts;

/**
 * Changes by type, the {@code counts} object of roster.changes' run-completed marker, sync.runs and roster.applied
 * (each schema says what it counts there).
 */
public record ChangeCounts(long created, long updated, long removed, long restored) {

    public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0, 0);
}
