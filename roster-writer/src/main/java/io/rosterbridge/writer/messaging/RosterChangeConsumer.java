package io.rosterbridge.writer.messaging;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.postgresql.util.PSQLState;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rosterbridge.writer.change.InvalidRosterMessage;
import io.rosterbridge.writer.change.RosterMessageParser;
import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.service.AppliedSignals;
import io.rosterbridge.writer.service.ApplyOutcome;
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;
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

    private static final Logger LOG = Logger.getLogger(RosterChangeConsumer.class);

    /** What validation made of one record. */
    sealed interface Parsed permits Accepted, Rejected {
    }

    /** A valid message, prepared for its write, and the record it came from. */
    record Accepted(ConsumerRecord<String, String> source, Prepared prepared) implements Parsed {
    }

    /** A record to dead-letter and why. */
    record Rejected(ConsumerRecord<String, String> source, String reason) implements Parsed {
    }

    private final RosterMessageParser parser;
    private final RosterApplier applier;
    private final DeadLetterPublisher deadLetters;
    private final AppliedSignals appliedSignals;
    private final WriterConfig config;
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
    public RosterChangeConsumer(RosterMessageParser parser, RosterApplier applier, DeadLetterPublisher deadLetters,
            AppliedSignals appliedSignals, WriterConfig config, MeterRegistry registry) {
        this.parser = parser;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.appliedSignals = appliedSignals;
        this.config = config;
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
        List<Rejected> refused = new ArrayList<>();
        Timer.Sample sample = Timer.start();
        ApplyOutcome outcome = applyWithRetry(poll.messages(), poll::accepted, refused);
        sample.stop(batchTimer);
        appliedChanges.increment(outcome.applied());
        duplicates.increment(outcome.duplicates());
        List<Rejected> rejected = new ArrayList<>(poll.rejected());
        rejected.addAll(refused);
        // A dead letter that cannot be sent fails the poll: its offset must not be committed.
        rejected.forEach(r -> deadLetters.publish(r.source(), r.reason()));
        if (outcome.runsCompleted() > 0) {
            try {
                appliedSignals.publishOwed();
            } catch (RuntimeException e) {
                // Committed in run_progress; the scheduled retry sends it.
                LOG.warnf("roster.applied not sent yet, will retry: %s", rootMessage(e));
            }
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
     * Applies the batch, retrying a failed transaction with a growing pause. When the database refuses the data
     * itself (SQLSTATE class 22 or 23) the batch is applied record by record instead, so the one bad record is
     * dead-lettered and the rest of the partition flows. A unique violation (23505) is not the data's fault: another
     * writer inserted the same key meanwhile (a rebalance), and a retry sees its rows. Anything else is thrown after
     * the last attempt: the channel fails, health turns DOWN, and a restart resumes from the last committed offset.
     */
    ApplyOutcome applyWithRetry(List<Accepted> accepted, List<Rejected> rejected) throws InterruptedException {
        return applyWithRetry(accepted.stream().map(Accepted::prepared).toList(), () -> accepted, rejected);
    }

    /**
     * The first attempt takes the messages as {@code firstAttempt} hands them out (while they are still being
     * parsed); any later attempt, and the record-by-record fallback, waits for the whole poll ({@code parsed}).
     */
    private ApplyOutcome applyWithRetry(Iterable<Prepared> firstAttempt, Supplier<List<Accepted>> parsed,
            List<Rejected> rejected) throws InterruptedException {
        Iterable<Prepared> messages = firstAttempt;
        long pause = config.applyRetryBackoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return applier.apply(messages);
            } catch (Exception e) {
                List<Accepted> accepted = parsed.get();
                if (isDataError(e) && accepted.size() > 1) {
                    LOG.warnf("Batch of %d refused by the database (%s); applying it record by record", accepted.size(), rootMessage(e));
                    return applyOneByOne(accepted, rejected);
                }
                if (isDataError(e)) {
                    rejected.add(new Rejected(accepted.get(0).source(), "refused by the database: " + rootMessage(e)));
                    return new ApplyOutcome(0, 0, 0);
                }
                if (attempt >= config.applyAttempts()) {
                    throw new IllegalStateException("Cannot apply a batch of " + accepted.size() + " roster changes", e);
                }
                LOG.warnf("Applying a batch failed (attempt %d of %d): %s", attempt, config.applyAttempts(), rootMessage(e));
                Thread.sleep(pause);
                pause *= 2;
                messages = accepted.stream().map(Accepted::prepared).toList();
            }
        }
    }

    private ApplyOutcome applyOneByOne(List<Accepted> accepted, List<Rejected> rejected) throws InterruptedException {
        ApplyOutcome total = new ApplyOutcome(0, 0, 0);
        for (Accepted one : accepted) {
            total = total.plus(applyWithRetry(List.of(one), rejected));
        }
        return total;
    }

    private static boolean isDataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals(PSQLState.UNIQUE_VIOLATION.getState())) {
                    return false;
                }
                if (state.startsWith("22") || state.startsWith("23")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
