package io.rosterbridge.writer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.inject.Vetoed;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.messaging.ParsedPoll.Accepted;
import io.rosterbridge.writer.messaging.ParsedPoll.Rejected;
import io.rosterbridge.writer.service.ApplyOutcome;
import io.rosterbridge.writer.service.BatchApplier;
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;

/** How a failing batch is handled: retried, split record by record on a data error, or given up on. */
class RosterChangeConsumerTest {

    /**
     * Refuses any batch holding the poisoned message with the given SQLSTATE; counts what it was asked to apply.
     * Vetoed: it inherits the bean scope, and the @QuarkusTests of this module must keep the real applier.
     */
    @Vetoed
    static class ScriptedApplier extends RosterApplier {
        final List<Integer> batchSizes = new ArrayList<>();
        final RosterMessage poisoned;
        final String sqlState;
        int transientFailures;

        ScriptedApplier(RosterMessage poisoned, String sqlState, int transientFailures) {
            super(null, null, null, null);
            this.poisoned = poisoned;
            this.sqlState = sqlState;
            this.transientFailures = transientFailures;
        }

        @Override
        public ApplyOutcome apply(Iterable<Prepared> batch) throws SQLException {
            List<RosterMessage> messages = new ArrayList<>();
            batch.forEach(prepared -> messages.add(prepared.message()));
            batchSizes.add(messages.size());
            if (transientFailures > 0) {
                transientFailures--;
                throw new SQLException("connection reset", "08006");
            }
            if (messages.contains(poisoned)) {
                throw new SQLException("timestamp out of range", sqlState);
            }
            return new ApplyOutcome(messages.size(), 0, 0);
        }
    }

    private static WriterConfig config() {
        return new WriterConfig() {
            @Override
            public Duration sendTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int applyAttempts() {
                return 3;
            }

            /** One lane: these tests count the transactions of a batch (ApplyLanesTest covers the lanes). */
            @Override
            public int applyLanes() {
                return 1;
            }

            @Override
            public Duration applyRetryBackoff() {
                return Duration.ofMillis(1);
            }

            @Override
            public Duration appliedRetryInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int appliedPublishBatch() {
                return 10;
            }

            @Override
            public Duration processedEventRetention() {
                return Duration.ofDays(30);
            }

            @Override
            public Duration processedEventPruneInterval() {
                return Duration.ofHours(1);
            }
        };
    }

    private static List<Accepted> messages(int n) {
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RosterMessage message = new RunCompleted(UUID.randomUUID(), UUID.randomUUID(), "d", Instant.now(), ChangeCounts.NONE, true);
            accepted.add(new Accepted(new ConsumerRecord<>("roster.changes", 0, i, "d", "payload-" + i), Prepared.of(message)));
        }
        return accepted;
    }

    private static RosterChangeConsumer consumer(RosterApplier applier) {
        return new RosterChangeConsumer(null, new BatchApplier(applier, config()), null, null, new SimpleMeterRegistry());
    }

    @Test
    void aBatchTheDatabaseRefusesIsAppliedRecordByRecordAndOnlyTheCulpritIsRejected() throws Exception {
        List<Accepted> batch = messages(4);
        ScriptedApplier applier = new ScriptedApplier(batch.get(2).prepared().message(), "22008", 0);
        List<Rejected> rejected = new ArrayList<>();

        ApplyOutcome outcome = consumer(applier).applyWithRetry(batch, rejected);

        assertThat(outcome.applied()).isEqualTo(3);
        assertThat(applier.batchSizes).containsExactly(4, 1, 1, 1, 1);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.source().offset()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo("refused by the database: timestamp out of range");
        });
    }

    @Test
    void aUniqueViolationIsRetriedWithTheWholeBatchAndDeadLettersNothing() {
        List<Accepted> batch = messages(4);
        // Another writer holds the same key: not the data's fault, so no record-by-record fallback and no dead letter.
        ScriptedApplier applier = new ScriptedApplier(batch.get(2).prepared().message(), "23505", 0);
        List<Rejected> rejected = new ArrayList<>();

        assertThatThrownBy(() -> consumer(applier).applyWithRetry(batch, rejected))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Cannot apply a batch of 4");
        assertThat(applier.batchSizes).containsExactly(4, 4, 4);
        assertThat(rejected).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedWithTheWholeBatch() throws Exception {
        List<Accepted> batch = messages(3);
        ScriptedApplier applier = new ScriptedApplier(null, "22008", 2);

        ApplyOutcome outcome = consumer(applier).applyWithRetry(batch, new ArrayList<>());

        assertThat(outcome.applied()).isEqualTo(3);
        assertThat(applier.batchSizes).containsExactly(3, 3, 3);
    }

    @Test
    void aFailureThatOutlastsTheRetriesFailsThePollSoNoOffsetIsCommitted() {
        ScriptedApplier applier = new ScriptedApplier(null, "22008", 5);

        assertThatThrownBy(() -> consumer(applier).applyWithRetry(messages(2), new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Cannot apply a batch of 2");
        assertThat(applier.batchSizes).hasSize(3);
    }
}
