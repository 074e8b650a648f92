package io.rosterbridge.writer.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;

/**
 * Applies a poll's changes on several database connections at once. One connection applies a district's changes
 * one statement after the other, so PostgreSQL's index work and this process's own work take turns; at 1M users
 * that left half of a 2-core machine idle for most of the run (docs/benchmarks/end-to-end.md, issue 16).
 * <p>
 * Every change goes to the lane of its entity, so an entity's changes stay in order in one transaction and no two
 * lanes write the same row. Each lane is a transaction of its own ({@link RosterApplier}): it claims its events and
 * counts their effects together with their rows, so a lane that committed before another failed is, on redelivery,
 * a set of seen events that changes nothing, and the rest is applied then. A run-completed marker waits until every
 * lane has committed the changes before it, and is applied on its own after them: it must see them all.
 */
final class ApplyLanes implements AutoCloseable {

    /** Ends a lane's messages: the segment is complete. */
    private static final Prepared END = new Prepared(null, null);
    /** Ends a lane's messages and rolls its transaction back: the poll could not be handed out whole. */
    private static final Prepared ABANDON = new Prepared(null, null);

    private final RosterApplier applier;
    private final int lanes;
    private final ExecutorService threads;

    ApplyLanes(RosterApplier applier, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("roster-writer.apply-lanes must be at least 1, not " + lanes);
        }
        this.applier = applier;
        this.lanes = lanes;
        AtomicInteger number = new AtomicInteger();
        this.threads = lanes == 1 ? null : Executors.newFixedThreadPool(lanes, task -> {
            Thread thread = new Thread(task, "roster-apply-lane-" + number.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Applies {@code messages} (in partition order, possibly still being produced); throws if any lane failed. */
    ApplyOutcome apply(Iterable<Prepared> messages) throws Exception {
        if (lanes == 1) {
            return applier.apply(messages);
        }
        ApplyOutcome outcome = ApplyOutcome.NONE;
        Segment segment = null;
        try {
            for (Prepared prepared : messages) {
                if (prepared.message() instanceof RunCompleted) {
                    if (segment != null) {
                        outcome = outcome.plus(segment.finish(END));
                        segment = null;
                    }
                    outcome = outcome.plus(applier.apply(List.of(prepared)));
                } else {
                    if (segment == null) {
                        segment = new Segment();
                    }
                    segment.add(prepared);
                }
            }
        } catch (Exception | Error e) {
            if (segment != null) {
                segment.abandon();
            }
            throw e;
        }
        return segment == null ? outcome : outcome.plus(segment.finish(END));
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** The changes between two markers, each lane a transaction running while the later changes are handed out. */
    private final class Segment {

        private final List<BlockingQueue<Prepared>> queues = new ArrayList<>(lanes);
        private final List<Future<ApplyOutcome>> transactions = new ArrayList<>(lanes);
        private int handedOut;

        Segment() {
            for (int lane = 0; lane < lanes; lane++) {
                BlockingQueue<Prepared> queue = new LinkedBlockingQueue<>();
                queues.add(queue);
                transactions.add(threads.submit(() -> applier.apply(() -> new LaneMessages(queue))));
            }
        }

        void add(Prepared prepared) {
            String entityId = ((RosterChange) prepared.message()).entityId();
            queues.get(Math.floorMod(entityId.hashCode(), lanes)).add(prepared);
            // Every lane ends its part where one connection would: the counts depend on where parts end (a user
            // created in one part and renamed in the next is a creation and an update, in one part a creation).
            if (++handedOut % RosterApplier.PART == 0) {
                queues.forEach(queue -> queue.add(Prepared.PART_END));
            }
        }

        /** Ends every lane with {@code end} and waits for all of them; the first failure is thrown after the last ends. */
        ApplyOutcome finish(Prepared end) throws Exception {
            queues.forEach(queue -> queue.add(end));
            ApplyOutcome outcome = ApplyOutcome.NONE;
            Exception failure = null;
            for (Future<ApplyOutcome> transaction : transactions) {
                try {
                    outcome = outcome.plus(uninterruptibly(transaction));
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }

        /** Rolls every lane back and waits for them: nothing of them may still run when the poll is retried. */
        void abandon() {
            try {
                finish(ABANDON);
            } catch (Exception ignored) {
                // The lanes fail by design here; the caller throws the failure that made it abandon them.
            }
        }
    }

    /** Waits for a lane even if this thread is interrupted, then passes the interrupt on. */
    private static ApplyOutcome uninterruptibly(Future<ApplyOutcome> transaction) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return transaction.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A lane's messages as they are handed out, until {@link #END}; {@link #ABANDON} fails the lane's transaction. */
    private static final class LaneMessages extends LookAheadIterator<Prepared> {

        private final BlockingQueue<Prepared> queue;

        LaneMessages(BlockingQueue<Prepared> queue) {
            this.queue = queue;
        }

        @Override
        protected Prepared findNext() {
            Prepared next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the poll's next change", e);
            }
            if (next == ABANDON) {
                throw new IllegalStateException("The poll was abandoned before all of its changes were handed out");
            }
            return next == END ? null : next;
        }
    }
}
