package io.rosterbridge.writer.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rosterbridge.writer.change.InvalidRosterMessage;
import io.rosterbridge.writer.change.RosterMessageParser;
import io.rosterbridge.writer.messaging.ParsedPoll.Accepted;
import io.rosterbridge.writer.messaging.ParsedPoll.Parsed;
import io.rosterbridge.writer.messaging.ParsedPoll.Rejected;
import io.rosterbridge.writer.service.AppliedSignals;
import io.rosterbridge.writer.service.ApplyOutcome;
import io.rosterbridge.writer.service.BatchApplier;
import io.rosterbridge.writer.service.Prepared;
import io.smallrye.common.annotation.Blocking;

/**
 * Consumes roster.changes a whole poll at a time. Order of work for each poll:
 * <ol>
 * <li>validate every record (in the background, chunk by chunk); contract breakers are set aside for the
 * dead-letter topic;</li>
 * <li>apply the valid ones in one database transaction (idempotency log, roster tables, per-run counts), which
 * starts with the first parsed chunk rather than waiting for the whole poll;</li>
 * <li>send the dead letters and the roster.applied signals owed, each awaited;</li>
 * <li>return, which acknowledges the poll: offsets are committed only after all of the above.</li>
 * </ol>
 * A crash anywhere before the offset commit redelivers the poll, and the idempotency log makes that a no-op.
 */
@ApplicationScoped
public class RosterChangeConsumer {

    private final RosterMessageParser parser;
    private final BatchApplier batches;
    private final DeadLetterPublisher deadLetters;
    private final AppliedSignals appliedSignals;
    private final Counter appliedChanges;
    private final Counter duplicates;
    private final Timer batchTimer;
    /**
     * Validates polls in the background. A thread of its own rather than the common fork-join pool, which has a
     * single worker on 2 cores and is shared with libraries that expect it to be free.
     */
    private final ExecutorService parsing = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "roster-changes-parser");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public RosterChangeConsumer(RosterMessageParser parser, BatchApplier batches, DeadLetterPublisher deadLetters,
            AppliedSignals appliedSignals, MeterRegistry registry) {
        this.parser = parser;
        this.batches = batches;
        this.deadLetters = deadLetters;
        this.appliedSignals = appliedSignals;
        this.appliedChanges = Counter.builder("roster.writer.changes.applied")
                .description("roster.change events applied for the first time").register(registry);
        this.duplicates = Counter.builder("roster.writer.duplicates.skipped")
                .description("roster.changes messages skipped because they were already applied").register(registry);
        this.batchTimer = Timer.builder("roster.writer.batch.apply")
                .description("Time to apply one poll of roster.changes").register(registry);
    }

    @Incoming(Channels.ROSTER_CHANGES)
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<ConsumerRecord<String, String>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        // Parsing is pure CPU: it runs in the background while the transaction already takes the records before.
        ParsedPoll poll = ParsedPoll.start(polled, this::parse, parsing);
        Timer.Sample sample = Timer.start();
        BatchApplier.Result result = batches.apply(poll.messages(), () -> prepared(poll.accepted()));
        sample.stop(batchTimer);
        ApplyOutcome outcome = result.outcome();
        List<Rejected> rejected = new ArrayList<>(poll.rejected());
        if (!result.refused().isEmpty()) {
            rejected.addAll(refused(result, poll.accepted()));
        }
        appliedChanges.increment(outcome.applied());
        duplicates.increment(outcome.duplicates());
        // A dead letter that cannot be sent fails the poll: its offset must not be committed.
        rejected.forEach(r -> deadLetters.publish(r.source(), r.reason()));
        if (outcome.runsCompleted() > 0) {
            appliedSignals.publishOwedOrLeaveForRetry();
        }
    }

    @PreDestroy
    void stopParsing() {
        parsing.shutdownNow();
    }

    private Parsed parse(ConsumerRecord<String, String> record) {
        try {
            return new Accepted(record, Prepared.of(parser.parse(record.key(), record.value())));
        } catch (InvalidRosterMessage e) {
            return new Rejected(record, e.getMessage());
        }
    }

    /**
     * Applies the records with the service's retry ({@link BatchApplier}); the ones the database refused join
     * {@code rejected}, to be dead-lettered.
     */
    ApplyOutcome applyWithRetry(List<Accepted> accepted, List<Rejected> rejected) throws InterruptedException {
        BatchApplier.Result result = batches.apply(prepared(accepted));
        rejected.addAll(refused(result, accepted));
        return result.outcome();
    }

    private static List<Prepared> prepared(List<Accepted> accepted) {
        return accepted.stream().map(Accepted::prepared).toList();
    }

    /** The records of {@code accepted}'s batch that the database refused, with the reason. */
    private static List<Rejected> refused(BatchApplier.Result result, List<Accepted> accepted) {
        return result.refused().stream()
                .map(refusal -> new Rejected(accepted.get(refusal.position()).source(), refusal.reason()))
                .toList();
    }
}
