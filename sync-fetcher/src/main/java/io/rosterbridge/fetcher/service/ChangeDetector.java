package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.service.StageTimes.Stage;
import io.rosterbridge.kafka.KafkaSender;

/**
 * Compares a run's records, page by page, with the district's snapshot in memory and sends only the
 * differences; an unchanged record costs a lookup and nothing else. A page's emitted records are stored
 * only after Kafka acknowledged all of the page's events: a crash in between re-emits them on the next
 * run instead of losing them. Waiting for the acknowledgements and storing happen on a writer thread
 * while the next page is compared and sent, with at most {@value #IN_FLIGHT_PAGES} pages in flight.
 */
final class ChangeDetector implements AutoCloseable {

    private static final int IN_FLIGHT_PAGES = 2;

    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String RESTORED = "restored";

    private final FingerprintRepository fingerprints;
    private final EventSender sender;
    private final String districtId;
    private final UUID runId;
    private final RosterSnapshot snapshot;
    private final StageTimes times;
    private long created;
    private long updated;
    private long restored;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fingerprint-writer");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    /** Set for a dry run: the changes go here instead of Kafka and the fingerprint table. */
    private final PreviewSink preview;

    /** Receives each change a dry run found, in the order the full sync would emit them. */
    @FunctionalInterface
    interface PreviewSink {
        void change(String change, Encoded record);
    }

    ChangeDetector(FingerprintRepository fingerprints, EventSender sender, String districtId, UUID runId, RosterSnapshot snapshot,
            StageTimes times) {
        this(fingerprints, sender, districtId, runId, snapshot, times, null);
    }

    private ChangeDetector(FingerprintRepository fingerprints, EventSender sender, String districtId, UUID runId, RosterSnapshot snapshot,
            StageTimes times, PreviewSink preview) {
        this.preview = preview;
        this.fingerprints = fingerprints;
        this.sender = sender;
        this.districtId = districtId;
        this.runId = runId;
        this.snapshot = snapshot;
        this.times = times;
    }

    /** The same comparison without sending or storing anything: what a sync would change now (SyncPreview). */
    static ChangeDetector preview(String districtId, RosterSnapshot snapshot, PreviewSink sink) {
        return new ChangeDetector(null, null, districtId, null, snapshot, new StageTimes(), sink);
    }

    /** Emits the changes among one page of records and marks them seen by this run. */
    void page(List<Encoded> records) {
        if (records.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Encoded> emitted = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<Encoded> createdRecords = new ArrayList<>();
        List<Encoded> changedRecords = new ArrayList<>();
        for (Encoded record : records) {
            String change = compare(record);
            if (change != null) {
                emitted.add(record);
                changes.add(change);
                (change == CREATED ? createdRecords : changedRecords).add(record);
            }
        }
        long sendStart = times.lap(Stage.DIFF, start);
        if (preview != null) {
            for (int i = 0; i < emitted.size(); i++) {
                preview.change(changes.get(i), emitted.get(i));
            }
            return;
        }
        KafkaSender.Batch batch = sender.batch();
        Instant now = Instant.now();
        for (int i = 0; i < emitted.size(); i++) {
            Encoded record = emitted.get(i);
            String change = changes.get(i);
            batch.send(sender.change(RosterChange.ofEncoded(EventIds.changeId(runId, change, record.id()), runId,
                    districtId, ChangeType.fromWire(change).orElseThrow(), EntityType.fromWire(record.entityType()).orElseThrow(),
                    record.id(), now, record.json())));
        }
        times.lap(Stage.PRODUCE, sendStart);
        while (inFlight.size() >= IN_FLIGHT_PAGES) {
            awaitOldest();
        }
        inFlight.add(writer.submit(() -> {
            long ackStart = System.nanoTime();
            batch.await();
            long storeStart = times.lap(Stage.ACKS, ackStart);
            fingerprints.saveEmitted(districtId, createdRecords, changedRecords);
            times.lap(Stage.STORE, storeStart);
        }));
    }

    /** The change to emit for a record, or null when it is unchanged (or Clever sent it twice in one run). */
    private String compare(Encoded record) {
        int index = snapshot.indexOf(record.id());
        if (index < 0) {
            snapshot.addCreated(record.id(), record.entityType(), record.fingerprint());
            created++;
            return CREATED;
        }
        if (!snapshot.markSeen(index)) {
            return null;
        }
        switch (snapshot.state(index)) {
            case ARCHIVED, REMOVING -> {
                // REMOVING: a removal may have reached the roster before a crash; restoring is right either way.
                restored++;
                return RESTORED;
            }
            default -> {
                if (snapshot.fingerprint(index) == record.fingerprint()) {
                    return null;
                }
                updated++;
                return UPDATED;
            }
        }
    }

    /** Waits until every page sent so far is acknowledged and stored; rethrows the first failure. */
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

    /** Stops the writer and waits for a store it may be in the middle of, so nothing is written after the run ended. */
    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS); // so the district's next run loads what this one stored
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Created, updated and restored so far (removals are counted by {@link Removals}). */
    ChangeCounts counts() {
        return new ChangeCounts(created, updated, 0, restored);
    }
}
