package io.rosterbridge.fetcher.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where one run's time went, per stage, summed over the threads that work on it (the page reader,
 * the run's own thread and the acknowledgement writer overlap, so the stages add up to more than the
 * run's wall time). Logged once per run; no personal data.
 */
final class StageTimes {

    enum Stage {
        SNAPSHOT_LOAD("snapshot load"),
        CLEVER_PAGING("clever paging"),
        PARSE("parse+map+hash"),
        PAGE_WAIT("waiting for pages"),
        DIFF("diff"),
        PRODUCE("produce"),
        ACKS("wait for acks"),
        STORE("store"),
        REMOVALS("removals");

        private final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);

    void add(Stage stage, long elapsedNanos) {
        nanos.addAndGet(stage.ordinal(), elapsedNanos);
    }

    /** Adds the time since {@code startNanos} and returns now, to time the next stage from. */
    long lap(Stage stage, long startNanos) {
        long now = System.nanoTime();
        add(stage, now - startNanos);
        return now;
    }

    Map<Stage, Long> millis() {
        Map<Stage, Long> millis = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            millis.put(stage, nanos.get(stage.ordinal()) / 1_000_000);
        }
        return millis;
    }

    @Override
    public String toString() {
        StringJoiner line = new StringJoiner(", ");
        millis().forEach((stage, ms) -> line.add(stage.label + " " + ms + " ms"));
        return line.toString();
    }
}
