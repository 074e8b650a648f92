package io.rosterbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final Instant START = Instant.parse("2026-11-29T04:00:00.123Z");

    @Test
    void aRunIdIsAVersion7UuidOfItsStartTime() {
        UUID run = EventIds.newRunId(START);

        assertThat(run.version()).isEqualTo(7);
        assertThat(run.variant()).isEqualTo(2);
        assertThat(run.getMostSignificantBits() >>> 16).isEqualTo(START.toEpochMilli());
        assertThat(EventIds.newRunId(START)).isNotEqualTo(run);
    }

    @Test
    void aChangeIdIsStableForTheSameChangeAndDiffersForAnyOther() {
        UUID run = EventIds.newRunId(START);
        UUID id = EventIds.changeId(run, "created", "5f0e1c2d3b4a59687a6b5c4d");

        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(EventIds.changeId(run, "created", "5f0e1c2d3b4a59687a6b5c4d")).isEqualTo(id);
        assertThat(EventIds.changeId(run, "updated", "5f0e1c2d3b4a59687a6b5c4d")).isNotEqualTo(id);
        assertThat(EventIds.changeId(run, "created", "5f0e1c2d3b4a59687a6b5c4e")).isNotEqualTo(id);
        assertThat(EventIds.changeId(EventIds.newRunId(START), "created", "5f0e1c2d3b4a59687a6b5c4d")).isNotEqualTo(id);
    }

    @Test
    void aRunCompletedIdIsStableForTheRunAndStepAndDiffersFromEveryOther() {
        UUID run = EventIds.newRunId(START);
        UUID end = EventIds.runCompletedId(run, "held");

        assertThat(end.version()).isEqualTo(8);
        assertThat(EventIds.runCompletedId(run, "held")).as("the marker sent again after a crash").isEqualTo(end);
        assertThat(EventIds.runCompletedId(run, "approved")).as("the approval's marker is another event").isNotEqualTo(end);
        assertThat(EventIds.runCompletedId(EventIds.newRunId(START), "held")).isNotEqualTo(end);
        assertThat(end.getMostSignificantBits() >>> 16).isEqualTo(START.toEpochMilli());
    }

    @Test
    void changeIdsOfALaterRunSortAfterThoseOfAnEarlierOne() {
        UUID earlier = EventIds.newRunId(START);
        UUID later = EventIds.newRunId(START.plusMillis(1));

        for (int i = 0; i < 100; i++) {
            String entity = String.format("%024x", i);
            long a = EventIds.changeId(earlier, "created", entity).getMostSignificantBits();
            long b = EventIds.changeId(later, "created", entity).getMostSignificantBits();
            // PostgreSQL compares uuids as unsigned bytes.
            assertThat(Long.compareUnsigned(a, b)).isNegative();
            assertThat(a >>> 16).isEqualTo(START.toEpochMilli());
        }
    }
}
