package io.rosterbridge.fetcher.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.messaging.Events.Counts;
import io.rosterbridge.fetcher.messaging.Events.RosterChange;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.FingerprintRepository.Stored;
import io.rosterbridge.fetcher.repository.FingerprintRepository.Unseen;

/**
 * Compares a run's records, page by page, with what was last emitted and sends only the differences.
 * A page's fingerprints advance only after Kafka acknowledged all of the page's events: a crash in
 * between re-emits the page on the next run instead of losing it.
 */
final class ChangeDetector {

    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String REMOVED = "removed";
    static final String RESTORED = "restored";

    private static final int REMOVAL_BATCH = 5_000;

    private final FingerprintRepository fingerprints;
    private final EventSender sender;
    private final String districtId;
    private final String runId;
    private final long seq;
    private long created;
    private long updated;
    private long removed;
    private long restored;

    ChangeDetector(FingerprintRepository fingerprints, EventSender sender, String districtId, UUID runId, long seq) {
        this.fingerprints = fingerprints;
        this.sender = sender;
        this.districtId = districtId;
        this.runId = runId.toString();
        this.seq = seq;
    }

    /** Emits the changes among one page of records and marks the whole page as seen by this run. */
    void page(List<Encoded> records) {
        if (records.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(records.size());
        records.forEach(r -> ids.add(r.id()));
        Map<String, Stored> stored = fingerprints.lookup(districtId, ids);
        EventSender.Batch batch = sender.batch();
        List<Encoded> emitted = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        String now = Instant.now().toString();
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
            batch.send(Topics.ROSTER_CHANGES, districtId, new RosterChange(eventId(change, record.id()), runId, districtId, change,
                    record.entityType(), record.id(), now, record.json()));
            emitted.add(record);
            switch (change) {
                case CREATED -> created++;
                case RESTORED -> restored++;
                default -> updated++;
            }
        }
        batch.await();
        fingerprints.advance(districtId, seq, emitted, unchanged);
    }

    /**
     * Emits a removal for every active record that no run since {@code snapshotSeq} has seen, in
     * batches, archiving each batch once Kafka acknowledged it. Only called after a complete snapshot.
     */
    long removeUnseen(long snapshotSeq) {
        String after = "";
        long count = 0;
        while (true) {
            List<Unseen> batch = fingerprints.unseen(districtId, snapshotSeq, after, REMOVAL_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            EventSender.Batch sends = sender.batch();
            String now = Instant.now().toString();
            List<String> ids = new ArrayList<>(batch.size());
            for (Unseen gone : batch) {
                sends.send(Topics.ROSTER_CHANGES, districtId, new RosterChange(eventId(REMOVED, gone.entityId()), runId, districtId,
                        REMOVED, gone.entityType(), gone.entityId(), now, gone.recordJson()));
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

    Counts counts() {
        return new Counts(created, updated, removed, restored);
    }

    /** Stable per run, change and entity, so a re-sent event keeps its idempotency key. */
    private String eventId(String change, String entityId) {
        return UUID.nameUUIDFromBytes((runId + '/' + change + '/' + entityId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
