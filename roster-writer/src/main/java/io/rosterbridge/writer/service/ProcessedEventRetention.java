package io.rosterbridge.writer.service;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.repository.ProcessedEvents;

/**
 * Keeps the idempotency log from growing without end: event ids claimed longer ago than
 * {@code roster-writer.processed-event-retention} are deleted, in batches that each commit on their own, so that
 * a large backlog never holds one long transaction or many row locks. Every replica may run it; the deletes are
 * idempotent.
 */
@ApplicationScoped
public class ProcessedEventRetention {

    static final int BATCH = 10_000;

    private static final Logger LOG = Logger.getLogger(ProcessedEventRetention.class);

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    WriterConfig config;

    /** Deletes every event id claimed before {@code now} minus the retention; returns how many. */
    public long prune(Instant now) throws SQLException {
        if (config.processedEventRetention().isNegative() || config.processedEventRetention().isZero()) {
            // Zero would forget every id at once, and with them the protection against redelivery.
            throw new IllegalStateException("roster-writer.processed-event-retention must be positive");
        }
        Instant cutoff = now.minus(config.processedEventRetention());
        long deleted = 0;
        int batch;
        do {
            batch = processedEvents.deleteClaimedBefore(cutoff, BATCH);
            deleted += batch;
        } while (batch == BATCH);
        return deleted;
    }

    @Scheduled(every = "${roster-writer.processed-event-prune-interval}",
            delayed = "${roster-writer.processed-event-prune-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        try {
            long deleted = prune(Instant.now());
            if (deleted > 0) {
                LOG.infof("Pruned %d event ids older than %s from processed_event", deleted, config.processedEventRetention());
            }
        } catch (SQLException e) {
            LOG.warnf("processed_event not pruned this time: %s", e.getMessage());
        }
    }
}
