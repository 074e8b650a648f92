package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rosterbridge.fetcher.service.RosterSnapshot.State;
import io.rosterbridge.fetcher.service.RosterSnapshot.Unseen;

class RosterSnapshotTest {

    @Test
    void findsEveryStoredRecordAfterGrowingAndGivesBackTheIdsItDidNotSee() {
        RosterSnapshot snapshot = new RosterSnapshot(16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String id = String.format("%024x", 0xabcdef000000L * i + i); // Clever-shaped: 24 lower-case hex digits
            ids.add(id);
            snapshot.add(id, i == 0 ? "district" : i < 10 ? "school" : "user", i, i % 7 == 0 ? State.ARCHIVED : State.ACTIVE);
        }
        snapshot.add("not-a-clever-id", "user", 42, State.REMOVING);

        for (int i = 0; i < ids.size(); i++) {
            int index = snapshot.indexOf(ids.get(i));
            assertThat(index).isNotNegative();
            assertThat(snapshot.fingerprint(index)).isEqualTo(i);
        }
        assertThat(snapshot.indexOf("ffffffffffffffffffffffff")).isEqualTo(-1);
        assertThat(snapshot.indexOf("ABCDEF000000000000000000")).as("upper case is another id").isEqualTo(-1);
        assertThat(snapshot.state(snapshot.indexOf("not-a-clever-id"))).isEqualTo(State.REMOVING);

        for (int i = 0; i < ids.size(); i += 2) {
            assertThat(snapshot.markSeen(snapshot.indexOf(ids.get(i)))).isTrue();
        }
        assertThat(snapshot.markSeen(snapshot.indexOf(ids.get(0)))).as("seen twice").isFalse();

        List<String> expected = new ArrayList<>();
        for (int i = 1; i < ids.size(); i += 2) {
            if (i % 7 != 0) {
                expected.add(ids.get(i));
            }
        }
        expected.add("not-a-clever-id");
        assertThat(snapshot.unseenActive()).extracting(Unseen::entityId).containsExactlyInAnyOrderElementsOf(expected);
        long activeUsers = ids.stream().skip(10).filter(id -> ids.indexOf(id) % 7 != 0).count() + 1;
        assertThat(snapshot.countActive("user")).isEqualTo(activeUsers);
    }

    @Test
    void keepsEveryRecordAcrossChunksWhenGrownFromTheSmallestSize() {
        RosterSnapshot snapshot = new RosterSnapshot(1);
        int records = 50_000; // more than three storage chunks and many doublings of the index
        for (int i = 0; i < records; i++) {
            String id = String.format("%024x", 0x9e3779b97f4aL * i);
            if (i % 2 == 0) {
                snapshot.add(id, "user", -i, i % 3 == 0 ? State.ARCHIVED : State.ACTIVE);
            } else {
                snapshot.addCreated(id, "school", -i);
            }
        }
        assertThat(snapshot.size()).isEqualTo(records);
        for (int i = 0; i < records; i++) {
            int index = snapshot.indexOf(String.format("%024x", 0x9e3779b97f4aL * i));
            assertThat(index).isEqualTo(i);
            assertThat(snapshot.fingerprint(index)).isEqualTo(-i);
            assertThat(snapshot.state(index)).isEqualTo(i % 2 == 0 && i % 3 == 0 ? State.ARCHIVED : State.ACTIVE);
            assertThat(snapshot.seen(index)).isEqualTo(i % 2 == 1);
        }
        long activeUsers = java.util.stream.IntStream.range(0, records).filter(i -> i % 2 == 0 && i % 3 != 0).count();
        assertThat(snapshot.countActive("user")).isEqualTo(activeUsers);
        assertThat(snapshot.countActive("school")).isEqualTo(records / 2);
        assertThat(snapshot.unseenActive()).hasSize((int) activeUsers)
                .allSatisfy(u -> assertThat(u.entityType()).isEqualTo("user"));
    }
}
