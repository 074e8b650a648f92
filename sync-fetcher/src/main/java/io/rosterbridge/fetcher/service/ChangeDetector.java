package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.FingerprintRepository.Stored;
import io.rosterbridge.fetcher.repository.FingerprintRepository.Unseen;

/**
 * Compares a run's records, page by page, with what was last emitted and sends only the differences.
 * A page's fingerprints advance only after Kafka acknowledged all of the page's events: a crash in
 * between re-emits the page on the next run instead of losing it. Waiting for the acknowledgements and
 * recording the page happen on a writer thread while the next page is compared and sent, with at most
 * {@value #IN_FLIGHT_PAGES} pages in flight.
 */
final class ChangeDetector implements AutoCloseable {

    private static final int IN_FLIGHT_PAGES = 2;

    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String REMOVED = "removed";
    static final String RESTORED = "restored";

    private static final int REMOVAL_BATCH = 5_000;

    private final FingerprintRepository fingerprints;
    private final EventSender sender;
    private final String districtId;
    private final UUID runId;
    private final long seq;
    private long created;
    private long updated;
    private long removed;
    private long restored;
    /** Time spent per phase (nanoseconds): lookup, send (until acknowledged), advance. */
    private long lookupNanos;
    private long sendNanos;
    private long advanceNanos;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fingerprint-writer");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();

    ChangeDetector(FingerprintRepository fingerprints, EventSender sender, String districtId, UUID runId, long seq) {
        this.fingerprints = fingerprints;
        this.sender = sender;
        this.districtId = districtId;
        this.runId = runId;
        this.seq = seq;
    }

    /** Emits the changes among one page of records and marks the whole page as seen by this run. */
    void page(List<Encoded> records) {
        if (records.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(records.size());
        records.forEach(r -> ids.add(r.id()));
        long t0 = System.nanoTime();
        Map<String, Stored> stored = fingerprints.lookup(districtId, ids);
        long t1 = System.nanoTime();
        lookupNanos += t1 - t0;
        EventSender.Batch batch = sender.batch();
        List<Encoded> emitted = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Instant now = Instant.now();
        for (Encoded record : records) {
            Stored last = stored.get(record.id());
            String change = last == null ? CREATED
                    : last.archived() ? RESTORED
                    : last.fingerprint().equals(record.fingerprint()) ? null
                    : UPDATED;
            if (change == null) {
                unchanged.add(record.id());
                continue;
            }
            batch.send(Topics.ROSTER_CHANGES, districtId, RosterChange.ofEncoded(eventId(change, record.id()), runId, districtId, changeType(change),
                    entityType(record.entityType()), record.id(), now, record.json()));
            emitted.add(record);
            switch (change) {
                case CREATED -> created++;
                case RESTORED -> restored++;
                default -> updated++;
            }
        }
        synchronized (this) {
            sendNanos += System.nanoTime() - t1;
        }
        while (inFlight.size() >= IN_FLIGHT_PAGES) {
            awaitOldest();
        }
        inFlight.add(writer.submit(() -> {
            long t2 = System.nanoTime();
            batch.await();
            long t3 = System.nanoTime();
            fingerprints.advance(districtId, seq, emitted, unchanged);
            synchronized (this) {
                sendNanos += t3 - t2;
                advanceNanos += System.nanoTime() - t3;
            }
        }));
    }

    /** Waits until every page sent so far is acknowledged and recorded; rethrows the first failure. */
    void drain() {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        Future<?> oldest = inFlight.poll();
        try {
            oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted");
        } catch (ExecutionException e) {
            inFlight.forEach(f -> f.cancel(true));
            inFlight.clear();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }

    /** Where the run's time went, for the log. */
    synchronized String timings() {
        return String.format("lookup %d ms, send+ack %d ms, advance %d ms", lookupNanos / 1_000_000, sendNanos / 1_000_000,
                advanceNanos / 1_000_000);
    }

    /**
     * Emits a removal for every active record that no run since {@code snapshotSeq} has seen, in
     * batches, archiving each batch once Kafka acknowledged it. Only called after a complete snapshot.
     */
    long removeUnseen(long snapshotSeq) {
        drain();
        String after = "";
        long count = 0;
        while (true) {
            List<Unseen> batch = fingerprints.unseen(districtId, snapshotSeq, after, REMOVAL_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            EventSender.Batch sends = sender.batch();
            Instant now = Instant.now();
            List<String> ids = new ArrayList<>(batch.size());
            for (Unseen gone : batch) {
                sends.send(Topics.ROSTER_CHANGES, districtId, RosterChange.ofEncoded(eventId(REMOVED, gone.entityId()), runId, districtId,
                        ChangeType.REMOVED, entityType(gone.entityType()), gone.entityId(), now, gone.recordJson()));
                ids.add(gone.entityId());
            }
            sends.await();
            fingerprints.archive(districtId, ids);
            count += ids.size();
            after = ids.get(ids.size() - 1);
        }
        removed += count;
        return count;
    }

    ChangeCounts counts() {
        return new ChangeCounts(created, updated, removed, restored);
    }

    private UUID eventId(String change, String entityId) {
        return EventIds.changeId(runId, change, entityId);
    }

    private static ChangeType changeType(String change) {
        return ChangeType.fromWire(change).orElseThrow();
    }

    private static EntityType entityType(String entityType) {
        return EntityType.fromWire(entityType).orElseThrow();
    }
}
