package io.rosterbridge.writer.service;

/** What one batch did: changes applied for the first time, and messages skipped as already processed. */
public record ApplyOutcome(int applied, int duplicates, int runsCompleted) {

    public static final ApplyOutcome NONE = new ApplyOutcome(0, 0, 0);

    public ApplyOutcome plus(ApplyOutcome other) {
        return new ApplyOutcome(applied + other.applied, duplicates + other.duplicates, runsCompleted + other.runsCompleted);
    }
}
