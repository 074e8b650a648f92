package io.rosterbridge.writer.service;

import static io.rosterbridge.writer.service.Failures.rootMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.repository.DatabaseErrors;

/**
 * Applies a batch of validated messages ({@link ApplyLanes}: a transaction per lane and attempt), retrying a failed
 * attempt with a growing pause. When the database refuses the data itself ({@link DatabaseErrors#refusesData})
 * the batch is applied message by message instead, so the one bad message is refused and the rest flow. Anything
 * else is thrown after the last attempt, and the caller must not acknowledge the batch.
 */
@ApplicationScoped
public class BatchApplier {

    private static final Logger LOG = Logger.getLogger(BatchApplier.class);

    /** A message the database refused, by its position in the batch, and why. */
    public record Refusal(int position, String reason) {
    }

    /** What the batch did, and the messages refused (to be dead-lettered by the caller). */
    public record Result(ApplyOutcome outcome, List<Refusal> refused) {
    }

    private final ApplyLanes lanes;
    private final WriterConfig config;

    @Inject
    public BatchApplier(RosterApplier applier, WriterConfig config) {
        this.lanes = new ApplyLanes(applier, config.applyLanes());
        this.config = config;
    }

    @PreDestroy
    void stopLanes() {
        lanes.close();
    }

    /** Applies {@code batch}; every attempt and the message-by-message fallback take the same list. */
    public Result apply(List<Prepared> batch) throws InterruptedException {
        return apply(batch, () -> batch);
    }

    /**
     * The first attempt takes the messages as {@code firstAttempt} hands them out (the caller may still be producing
     * them); any later attempt, and the message-by-message fallback, takes the whole batch from {@code batch}, whose
     * positions the refusals name.
     */
    public Result apply(Iterable<Prepared> firstAttempt, Supplier<List<Prepared>> batch) throws InterruptedException {
        Iterable<Prepared> messages = firstAttempt;
        long pause = config.applyRetryBackoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return new Result(lanes.apply(messages), List.of());
            } catch (Exception e) {
                List<Prepared> all = batch.get();
                if (DatabaseErrors.refusesData(e) && all.size() > 1) {
                    LOG.warnf("Batch of %d refused by the database (%s); applying it record by record", all.size(), rootMessage(e));
                    return applyOneByOne(all);
                }
                if (DatabaseErrors.refusesData(e)) {
                    return new Result(ApplyOutcome.NONE, List.of(new Refusal(0, "refused by the database: " + rootMessage(e))));
                }
                if (attempt >= config.applyAttempts()) {
                    throw new IllegalStateException("Cannot apply a batch of " + all.size() + " roster changes", e);
                }
                LOG.warnf("Applying a batch failed (attempt %d of %d): %s", attempt, config.applyAttempts(), rootMessage(e));
                Thread.sleep(pause);
                pause *= 2;
                messages = all;
            }
        }
    }

    private Result applyOneByOne(List<Prepared> all) throws InterruptedException {
        ApplyOutcome total = ApplyOutcome.NONE;
        List<Refusal> refused = new ArrayList<>();
        for (int position = 0; position < all.size(); position++) {
            Result one = apply(List.of(all.get(position)));
            total = total.plus(one.outcome());
            for (Refusal refusal : one.refused()) {
                refused.add(new Refusal(position, refusal.reason()));
            }
        }
        return new Result(total, refused);
    }
}
