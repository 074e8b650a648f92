package io.rosterbridge.writer.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.writer.change.EntityType;
import io.rosterbridge.writer.change.RosterChange;
import io.rosterbridge.writer.change.RosterMessage;
import io.rosterbridge.writer.change.RunCompleted;
import io.rosterbridge.writer.repository.ChangeStage;
import io.rosterbridge.writer.repository.ProcessedEvents;
import io.rosterbridge.writer.repository.RosterTables;
import io.rosterbridge.writer.repository.RunLedger;

/**
 * Applies a batch of validated roster.changes messages in ONE transaction: the idempotency log, the roster
 * tables and the per-run counts commit together or not at all, so a crash at any point leaves either the whole
 * batch or none of it, and a redelivered batch changes nothing.
 * <p>
 * Messages must be in partition order. They are taken one by one as the iterable hands them out, so the caller may
 * still be producing (parsing) the later ones while the earlier ones are already on their way to the database.
 * Changes are merged at each run-completed marker, so that a run's marker sees exactly the changes before it (its
 * active-user count in particular), and every {@value #MERGE_EVERY} changes, so that the database merges one part
 * while the next part is still being parsed. Merging in parts gives the same result as one merge: a later part sees
 * the rows of the earlier ones, and the newest change of a user wins either way (the later one on a tie).
 */
@ApplicationScoped
public class RosterApplier {

    static final int MERGE_EVERY = 1000;

    private final DataSource dataSource;
    private final ProcessedEvents processedEvents;
    private final RosterTables tables;
    private final RunLedger runs;

    @Inject
    public RosterApplier(DataSource dataSource, ProcessedEvents processedEvents, RosterTables tables, RunLedger runs) {
        this.dataSource = dataSource;
        this.processedEvents = processedEvents;
        this.tables = tables;
        this.runs = runs;
    }

    /** Rolls back on any exception, checked ones included: nothing of a failed batch may stay. */
    @Transactional(rollbackOn = Exception.class)
    public ApplyOutcome apply(Iterable<? extends RosterMessage> messages) throws SQLException {
        // The connection is enlisted in the transaction; closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection(); ChangeStage stage = new ChangeStage(connection)) {
            ApplyOutcome outcome = new ApplyOutcome(0, 0, 0);
            for (RosterMessage message : messages) {
                if (message instanceof RosterChange change) {
                    stage.add(change);
                    if (stage.size() >= MERGE_EVERY) {
                        outcome = outcome.plus(merge(connection, stage));
                    }
                } else {
                    outcome = outcome.plus(merge(connection, stage));
                    outcome = outcome.plus(complete(connection, (RunCompleted) message));
                }
            }
            return outcome.plus(merge(connection, stage));
        }
    }

    private ApplyOutcome merge(Connection connection, ChangeStage stage) throws SQLException {
        ChangeStage.Merged merged = stage.merge();
        if (!merged.freshOthers().isEmpty()) {
            Map<EntityType, Collection<RosterChange>> latest = latestPerEntity(merged.freshOthers());
            tables.upsertDistricts(connection, latest.getOrDefault(EntityType.DISTRICT, List.of()));
            tables.upsertSchools(connection, latest.getOrDefault(EntityType.SCHOOL, List.of()));
        }
        return new ApplyOutcome(merged.fresh(), merged.received() - merged.fresh(), 0);
    }

    /**
     * Only the newest change of each entity reaches the table: in partition order, unless an older one (by
     * occurredAt) comes after a newer one.
     */
    private static Map<EntityType, Collection<RosterChange>> latestPerEntity(List<RosterChange> changes) {
        Map<EntityType, Map<String, RosterChange>> latest = new EnumMap<>(EntityType.class);
        for (RosterChange change : changes) {
            latest.computeIfAbsent(change.entityType(), t -> new LinkedHashMap<>())
                    .merge(change.entityId(), change,
                            (kept, next) -> next.occurredAt().isBefore(kept.occurredAt()) ? kept : next);
        }
        Map<EntityType, Collection<RosterChange>> values = new EnumMap<>(EntityType.class);
        latest.forEach((type, byId) -> values.put(type, byId.values()));
        return values;
    }

    private ApplyOutcome complete(Connection connection, RunCompleted marker) throws SQLException {
        if (processedEvents.claim(connection, List.of(marker)).isEmpty()) {
            return new ApplyOutcome(0, 1, 0);
        }
        runs.complete(connection, marker, Instant.now());
        return new ApplyOutcome(0, 0, 1);
    }
}
