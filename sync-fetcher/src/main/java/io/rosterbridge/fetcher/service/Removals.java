package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.FingerprintRepository.Removal;
import io.rosterbridge.kafka.KafkaSender;

/**
 * Emits removals in batches: each batch is first marked {@code removing}, then sent, then archived once
 * Kafka acknowledged it. A crash after the acknowledgement but before archiving leaves the mark, and the
 * next run resends the removal, or a restore if Clever has the record again, instead of trusting a row
 * that no longer says what the roster holds. Only called with the removals of a complete snapshot.
 */
final class Removals {

    private static final int BATCH = 5_000;
    static final String REMOVED = "removed";

    private final FingerprintRepository fingerprints;
    private final EventSender sender;

    Removals(FingerprintRepository fingerprints, EventSender sender) {
        this.fingerprints = fingerprints;
        this.sender = sender;
    }

    /** Removes the records (skipping any already archived) under the run's id; returns how many. */
    long remove(UUID runId, String districtId, List<String> entityIds) {
        return remove(runId, districtId, entityIds, false);
    }

    /**
     * Removes a held run's records on its approval, as {@link #remove} does; each archived batch is also recorded as
     * removed by the approval ({@link FingerprintRepository#countRemovedByApproval}).
     */
    void removeApproved(UUID heldRunId, String districtId, List<String> entityIds) {
        remove(heldRunId, districtId, entityIds, true);
    }

    private long remove(UUID runId, String districtId, List<String> entityIds, boolean approved) {
        long removed = 0;
        for (int from = 0; from < entityIds.size(); from += BATCH) {
            List<String> ids = entityIds.subList(from, Math.min(entityIds.size(), from + BATCH));
            List<Removal> batch = fingerprints.markRemoving(districtId, ids);
            if (batch.isEmpty()) {
                continue;
            }
            KafkaSender.Batch sends = sender.batch();
            Instant now = Instant.now();
            List<String> sent = new ArrayList<>(batch.size());
            for (Removal gone : batch) {
                sends.send(sender.change(RosterChange.ofEncoded(EventIds.changeId(runId, REMOVED, gone.entityId()), runId,
                        districtId, ChangeType.REMOVED, EntityType.fromWire(gone.entityType()).orElseThrow(), gone.entityId(), now,
                        gone.recordJson())));
                sent.add(gone.entityId());
            }
            sends.await();
            fingerprints.archive(districtId, sent, approved ? runId : null);
            removed += sent.size();
        }
        return removed;
    }
}
