package io.rosterbridge.writer.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.writer.change.EffectiveChange;
import io.rosterbridge.writer.repository.ProcessedEvents;
import io.rosterbridge.writer.repository.RosterTables;
import io.rosterbridge.writer.repository.RunLedger;
import io.rosterbridge.writer.repository.UserRow;
import io.rosterbridge.writer.repository.UserWriter;

/**
 * Applies a batch of validated roster.changes messages in ONE transaction: the idempotency log, the roster
 * tables and the per-run counts commit together or not at all, so a crash at any point leaves either the whole
 * batch or none of it, and a redelivered batch changes nothing.
 * <p>
 * Messages must be in partition order. They are taken one by one as the iterable hands them out, so the caller may
 * still be producing (parsing) the later ones while the earlier ones are already on their way to the database.
 * Changes are written in parts: at each run-completed marker, so that a run's marker sees exactly the changes before
 * it (its active-user count in particular), and every {@value #PART} changes, so that the database writes one part
 * while the next is still being parsed. Parts give the same result as one write: a later part sees the rows of the
 * earlier ones, and the newest change of an entity wins either way (the later one on a tie).
 * <p>
 * The runs' counts are added once, at the end of the transaction (and before a marker): their rows are shared with
 * the other lanes applying the same poll ({@link ApplyLanes}), and a row lock taken early would make those wait for
 * this whole transaction.
 */
@ApplicationScoped
public class RosterApplier {

    public static final int PART = 1000;

    private final ProcessedEvents processedEvents;
    private final RosterTables tables;
    private final UserWriter users;
    private final RunLedger runs;

    @Inject
    public RosterApplier(ProcessedEvents processedEvents, RosterTables tables, UserWriter users, RunLedger runs) {
        this.processedEvents = processedEvents;
        this.tables = tables;
        this.users = users;
        this.runs = runs;
    }

    /** Rolls back on any exception, checked ones included: nothing of a failed batch may stay. */
    @Transactional(rollbackOn = Exception.class)
    public ApplyOutcome apply(Iterable<Prepared> messages) throws SQLException {
        // The repositories' statements all run on this transaction's one connection.
        Part part = new Part();
        List<EffectiveChange> uncounted = new ArrayList<>();
        ApplyOutcome outcome = ApplyOutcome.NONE;
        for (Prepared prepared : messages) {
            if (prepared == Prepared.PART_END) {
                outcome = outcome.plus(write(part, uncounted));
            } else if (prepared.message() instanceof RosterChange change) {
                part.add(change, prepared.userRow());
                if (part.received >= PART) {
                    outcome = outcome.plus(write(part, uncounted));
                }
            } else {
                outcome = outcome.plus(write(part, uncounted));
                count(uncounted);
                outcome = outcome.plus(complete((RunCompleted) prepared.message()));
            }
        }
        outcome = outcome.plus(write(part, uncounted));
        count(uncounted);
        return outcome;
    }

    private void count(List<EffectiveChange> uncounted) throws SQLException {
        runs.count(uncounted);
        uncounted.clear();
    }

    /** The changes received since the last write; the same event twice (a producer retry) is kept once. */
    private static final class Part {

        final List<RosterChange> changes = new ArrayList<>();
        final Map<UUID, UserRow> userRows = new HashMap<>();
        final Set<UUID> eventIds = new HashSet<>();
        int received;

        void add(RosterChange change, UserRow userRow) {
            received++;
            if (eventIds.add(change.eventId())) {
                changes.add(change);
                if (userRow != null) {
                    userRows.put(change.eventId(), userRow);
                }
            }
        }

        void clear() {
            changes.clear();
            userRows.clear();
            eventIds.clear();
            received = 0;
        }
    }

    /**
     * Claims the part's changes, writes the newest change of each fresh entity, and adds to {@code effects} what its
     * changes did to the roster, for their runs' counts: an event seen before has no effect, and neither has a change
     * the roster already holds.
     */
    private ApplyOutcome write(Part part, List<EffectiveChange> effects) throws SQLException {
        if (part.received == 0) {
            return ApplyOutcome.NONE;
        }
        List<RosterChange> fresh = processedEvents.claim(part.changes);
        Map<EntityType, Map<String, RosterChange>> latest = latestPerEntity(fresh);
        Map<String, RosterChange> districts = latest.getOrDefault(EntityType.DISTRICT, Map.of());
        collect(tables.upsertDistricts(districts.values()), districts, effects);
        Map<String, RosterChange> schools = latest.getOrDefault(EntityType.SCHOOL, Map.of());
        collect(tables.upsertSchools(schools.values()), schools, effects);
        Map<String, RosterChange> users = latest.getOrDefault(EntityType.USER, Map.of());
        collect(this.users.write(users.values().stream().map(change -> part.userRows.get(change.eventId())).toList()),
                users, effects);
        ApplyOutcome outcome = new ApplyOutcome(fresh.size(), part.received - fresh.size(), 0);
        part.clear();
        return outcome;
    }

    /** Each changed row's effect, for the run of the change that was written to it. */
    private static void collect(Map<String, ChangeType> changedRows, Map<String, RosterChange> written,
            List<EffectiveChange> effects) {
        changedRows.forEach((entityId, type) -> {
            RosterChange change = written.get(entityId);
            effects.add(new EffectiveChange(change.runId(), change.districtId(), type));
        });
    }

    /**
     * Only the newest change of each entity reaches the table: in partition order, unless an older one (by
     * occurredAt) comes after a newer one.
     */
    private static Map<EntityType, Map<String, RosterChange>> latestPerEntity(List<RosterChange> changes) {
        Map<EntityType, Map<String, RosterChange>> latest = new EnumMap<>(EntityType.class);
        for (RosterChange change : changes) {
            latest.computeIfAbsent(change.entityType(), t -> new LinkedHashMap<>())
                    .merge(change.entityId(), change,
                            (kept, next) -> next.occurredAt().isBefore(kept.occurredAt()) ? kept : next);
        }
        return latest;
    }

    private ApplyOutcome complete(RunCompleted marker) throws SQLException {
        if (processedEvents.claim(List.of(marker)).isEmpty()) {
            return new ApplyOutcome(0, 1, 0);
        }
        runs.complete(marker, Instant.now());
        return new ApplyOutcome(0, 0, 1);
    }
}
