package io.rosterbridge.writer.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.cfg.AvailableSettings;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.rosterbridge.contracts.ChangeCounts;

/** What the writer applied for one sync run, and whether its roster.applied signal went out. */
@Entity
@Table(name = "run_progress")
public class RunProgress extends PanacheEntityBase {

    /** Hibernate's lock timeout meaning SKIP LOCKED: another instance publishing a row keeps it. */
    private static final int SKIP_LOCKED = -2;

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "district_id")
    public String districtId;

    public int created;
    public int updated;
    public int removed;
    public int restored;

    /** What earlier roster.applied signals of this run reported (a held run signals again when approved). */
    @Column(name = "signalled_created")
    public int signalledCreated;

    @Column(name = "signalled_updated")
    public int signalledUpdated;

    @Column(name = "signalled_removed")
    public int signalledRemoved;

    @Column(name = "signalled_restored")
    public int signalledRestored;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "full_snapshot")
    public Boolean fullSnapshot;

    @Column(name = "active_users")
    public Integer activeUsers;

    @Column(name = "applied_event_id")
    public UUID appliedEventId;

    @Column(name = "applied_sent_at")
    public Instant appliedSentAt;

    /** What the owed signal reports: the changes applied since the run's previous signal. */
    public ChangeCounts unsignalledCounts() {
        return new ChangeCounts(created - signalledCreated, updated - signalledUpdated, removed - signalledRemoved,
                restored - signalledRestored);
    }

    /** The owed signal went out: later completions of this run report only what comes after. */
    public void markSignalled(Instant sentAt) {
        appliedSentAt = sentAt;
        signalledCreated = created;
        signalledUpdated = updated;
        signalledRemoved = removed;
        signalledRestored = restored;
    }

    /** Completed runs whose signal is still owed, locked for the caller's transaction. */
    public static List<RunProgress> lockUnsent(int max) {
        return find("completedAt is not null and appliedSentAt is null order by completedAt")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(AvailableSettings.JAKARTA_LOCK_TIMEOUT, SKIP_LOCKED)
                .page(0, max)
                .list();
    }
}
