package io.rosterbridge.writer.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.writer.change.ChangeCounts;
import io.rosterbridge.writer.change.EntityType;
import io.rosterbridge.writer.change.RosterChange;
import io.rosterbridge.writer.change.RosterMessage;
import io.rosterbridge.writer.change.RunCompleted;
import io.rosterbridge.writer.repository.ProcessedEvents;
import io.rosterbridge.writer.repository.RosterTables;
import io.rosterbridge.writer.repository.RunLedger;
import io.rosterbridge.writer.repository.RunLedger.RunDelta;

/**
 * Applies a batch of validated roster.changes messages in ONE transaction: the idempotency log, the roster
 * tables and the per-run counts commit together or not at all, so a crash at any point leaves either the whole
 * batch or none of it, and a redelivered batch changes nothing.
 * <p>
 * Messages must be in partition order. A batch is cut at each run-completed marker so that a run's marker sees
 * exactly the changes before it (its active-user count in particular).
 */
@ApplicationScoped
public class RosterApplier {

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
    public ApplyOutcome apply(List<? extends RosterMessage> messages) throws SQLException {
        // The connection is enlisted in the transaction; closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection()) {
            ApplyOutcome outcome = new ApplyOutcome(0, 0, 0);
            List<RosterChange> segment = new ArrayList<>();
            for (RosterMessage message : messages) {
                if (message instanceof RosterChange change) {
                    segment.add(change);
                } else {
                    outcome = outcome.plus(applyChanges(connection, segment));
                    segment.clear();
                    outcome = outcome.plus(complete(connection, (RunCompleted) message));
                }
            }
            return outcome.plus(applyChanges(connection, segment));
        }
    }

    private ApplyOutcome applyChanges(Connection connection, List<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return new ApplyOutcome(0, 0, 0);
        }
        // The same event twice in one poll (a producer retry) is one event.
        Map<UUID, RosterChange> distinct = new LinkedHashMap<>();
        changes.forEach(change -> distinct.putIfAbsent(change.eventId(), change));
        Set<UUID> fresh = processedEvents.claim(connection, distinct.values());

        Map<UUID, RunDelta> perRun = new LinkedHashMap<>();
        Map<EntityType, Map<String, RosterChange>> latest = new EnumMap<>(EntityType.class);
        for (RosterChange change : distinct.values()) {
            if (!fresh.contains(change.eventId())) {
                continue;
            }
            perRun.merge(change.runId(), new RunDelta(change.districtId(), ChangeCounts.NONE.plus(change.changeType())),
                    (a, b) -> new RunDelta(a.districtId(), a.counts().plus(change.changeType())));
            // Only the newest change of each entity reaches the table: in partition order, unless an older one
            // (by occurredAt) comes after a newer one.
            latest.computeIfAbsent(change.entityType(), t -> new LinkedHashMap<>())
                    .merge(change.entityId(), change,
                            (kept, next) -> next.occurredAt().isBefore(kept.occurredAt()) ? kept : next);
        }
        tables.upsertDistricts(connection, latest.getOrDefault(EntityType.DISTRICT, Map.of()).values());
        tables.upsertSchools(connection, latest.getOrDefault(EntityType.SCHOOL, Map.of()).values());
        tables.upsertUsers(connection, latest.getOrDefault(EntityType.USER, Map.of()).values());
        runs.addCounts(connection, perRun);
        return new ApplyOutcome(fresh.size(), changes.size() - fresh.size(), 0);
    }

    private ApplyOutcome complete(Connection connection, RunCompleted marker) throws SQLException {
        if (processedEvents.claim(connection, List.of(marker)).isEmpty()) {
            return new ApplyOutcome(0, 1, 0);
        }
        runs.complete(connection, marker, Instant.now());
        return new ApplyOutcome(0, 0, 1);
    }
}
