package io.rosterbridge.writer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;

/** How a poll is split over lanes: entities stay in one lane and in order, markers wait for every lane, failures. */
class ApplyLanesTest {

    /** Records every transaction it is asked for: the thread, the messages, and whether it committed. */
    @Vetoed
    static class RecordingApplier extends RosterApplier {
        record Transaction(String thread, List<RosterMessage> messages, boolean committed) {
        }

        final List<Transaction> transactions = Collections.synchronizedList(new ArrayList<>());
        volatile String failOnEntity;
        /** Lets a lane start its transaction only after the test said so. */
        volatile CountDownLatch laneGate = new CountDownLatch(0);

        RecordingApplier() {
            super(null, null, null, null);
        }

        @Override
        public ApplyOutcome apply(Iterable<Prepared> batch) throws SQLException {
            List<RosterMessage> messages = new ArrayList<>();
            try {
                if (Thread.currentThread().getName().startsWith("roster-apply-lane")) {
                    laneGate.await(10, TimeUnit.SECONDS);
                }
                for (Iterator<Prepared> it = batch.iterator(); it.hasNext();) {
                    RosterMessage message = it.next().message();
                    messages.add(message);
                    if (message instanceof RosterChange change && change.entityId().equals(failOnEntity)) {
                        throw new SQLException("refused", "22008");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                transactions.add(new Transaction(Thread.currentThread().getName(), messages, false));
                throw e;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            transactions.add(new Transaction(Thread.currentThread().getName(), messages, true));
            return new ApplyOutcome((int) messages.stream().filter(RosterChange.class::isInstance).count(), 0,
                    (int) messages.stream().filter(RunCompleted.class::isInstance).count());
        }

        List<Transaction> committed() {
            return transactions.stream().filter(Transaction::committed).toList();
        }
    }

    private final RecordingApplier applier = new RecordingApplier();
    private final ApplyLanes lanes = new ApplyLanes(applier, 2);

    @AfterEach
    void stop() {
        lanes.close();
    }

    private static final UUID RUN = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");

    private static Prepared change(String entityId, int version) {
        return new Prepared(new RosterChange(1, "roster.change", UUID.randomUUID(), RUN, "d1", ChangeType.UPDATED,
                EntityType.SCHOOL, entityId, AT.plusSeconds(version), null), null);
    }

    private static Prepared marker() {
        return new Prepared(new RunCompleted(1, "run.completed", UUID.randomUUID(), RUN, "d1", AT, ChangeCounts.NONE, true), null);
    }

    private static List<String> entities(List<RosterMessage> messages) {
        return messages.stream().filter(RosterChange.class::isInstance).map(m -> ((RosterChange) m).entityId()).toList();
    }

    @Test
    void eachEntityStaysInOneLaneInPartitionOrderAndNoChangeIsLostOrDoubled() throws Exception {
        List<Prepared> poll = new ArrayList<>();
        for (int version = 0; version < 3; version++) {
            for (int entity = 0; entity < 50; entity++) {
                poll.add(change("e" + entity, version));
            }
        }

        ApplyOutcome outcome = lanes.apply(poll);

        assertThat(outcome.applied()).isEqualTo(150);
        List<RecordingApplier.Transaction> committed = applier.committed();
        assertThat(committed).hasSize(2).allSatisfy(t -> assertThat(t.thread()).startsWith("roster-apply-lane"));
        assertThat(committed.get(0).messages()).isNotEmpty();
        assertThat(committed.get(1).messages()).isNotEmpty();
        for (RecordingApplier.Transaction transaction : committed) {
            List<String> ids = entities(transaction.messages());
            for (RecordingApplier.Transaction other : committed) {
                if (other != transaction) {
                    assertThat(entities(other.messages())).doesNotContainAnyElementsOf(ids);
                }
            }
            // The versions of each entity arrive in the order they were polled.
            for (String entity : ids.stream().distinct().toList()) {
                List<Instant> versions = transaction.messages().stream()
                        .map(RosterChange.class::cast).filter(c -> c.entityId().equals(entity)).map(RosterChange::occurredAt).toList();
                assertThat(versions).isSorted().hasSize(3);
            }
        }
        assertThat(committed.stream().mapToInt(t -> t.messages().size()).sum()).isEqualTo(150);
    }

    @Test
    void everyLaneEndsItsPartsWhereOneConnectionWould() throws Exception {
        List<Prepared> poll = new ArrayList<>();
        for (int entity = 0; entity < 2 * RosterApplier.PART + 10; entity++) {
            poll.add(change("e" + entity, 0));
        }

        lanes.apply(poll);

        List<RecordingApplier.Transaction> committed = applier.committed();
        assertThat(committed).hasSize(2);
        int beforeFirstEnd = 0;
        for (RecordingApplier.Transaction transaction : committed) {
            // Part ends are handed over as Prepared.PART_END, whose message is null.
            assertThat(transaction.messages().stream().filter(m -> m == null).count()).isEqualTo(2);
            beforeFirstEnd += transaction.messages().indexOf(null);
        }
        assertThat(beforeFirstEnd).isEqualTo(RosterApplier.PART);
    }

    @Test
    void aMarkerIsAppliedAloneAfterEveryLaneCommittedTheChangesBeforeIt() throws Exception {
        List<Prepared> poll = new ArrayList<>();
        for (int entity = 0; entity < 20; entity++) {
            poll.add(change("before" + entity, 0));
        }
        Prepared marker = marker();
        poll.add(marker);
        for (int entity = 0; entity < 20; entity++) {
            poll.add(change("after" + entity, 0));
        }

        ApplyOutcome outcome = lanes.apply(poll);

        assertThat(outcome).isEqualTo(new ApplyOutcome(40, 0, 1));
        List<RecordingApplier.Transaction> committed = applier.committed();
        int markerAt = -1;
        for (int i = 0; i < committed.size(); i++) {
            if (committed.get(i).messages().contains(marker.message())) {
                markerAt = i;
            }
        }
        assertThat(markerAt).isEqualTo(2);
        assertThat(committed.get(markerAt).messages()).containsExactly(marker.message());
        assertThat(committed.subList(0, 2)).allSatisfy(t -> assertThat(entities(t.messages())).allMatch(id -> id.startsWith("before")));
        assertThat(committed.subList(3, 5)).allSatisfy(t -> assertThat(entities(t.messages())).allMatch(id -> id.startsWith("after")));
    }

    @Test
    void aFailedLaneFailsThePollOnlyAfterTheOtherLaneEnded() {
        List<Prepared> poll = new ArrayList<>();
        for (int entity = 0; entity < 40; entity++) {
            poll.add(change("e" + entity, 0));
        }
        applier.failOnEntity = "e7";

        assertThatThrownBy(() -> lanes.apply(poll)).isInstanceOf(SQLException.class).hasMessage("refused");

        // Both lanes ended before the failure was thrown: nothing is still running when the batch is retried.
        assertThat(applier.transactions).hasSize(2);
        assertThat(applier.transactions.stream().filter(t -> !t.committed()).toList()).hasSize(1)
                .allSatisfy(t -> assertThat(entities(t.messages())).contains("e7"));
    }

    @Test
    void aPollThatCannotBeHandedOutWholeRollsEveryLaneBack() {
        applier.laneGate = new CountDownLatch(1);
        Iterable<Prepared> breaksMidway = () -> new Iterator<>() {
            int handedOut;

            @Override
            public boolean hasNext() {
                if (handedOut == 10) {
                    applier.laneGate.countDown();
                    throw new IllegalStateException("parser bug");
                }
                return true;
            }

            @Override
            public Prepared next() {
                return change("e" + handedOut++, 0);
            }
        };

        assertThatThrownBy(() -> lanes.apply(breaksMidway)).hasMessage("parser bug");

        assertThat(applier.transactions).hasSize(2).noneMatch(RecordingApplier.Transaction::committed);
    }

    @Test
    void oneLaneIsOneTransactionOnTheCallersThread() throws Exception {
        try (ApplyLanes single = new ApplyLanes(applier, 1)) {
            ApplyOutcome outcome = single.apply(List.of(change("a", 0), marker(), change("b", 0)));

            assertThat(outcome).isEqualTo(new ApplyOutcome(2, 0, 1));
            assertThat(applier.committed()).singleElement()
                    .satisfies(t -> assertThat(t.thread()).isEqualTo(Thread.currentThread().getName()));
        }
    }
}
