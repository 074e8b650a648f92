package io.rosterbridge.requests.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A sync run of a district as the fetcher (sync.runs) and the writer (roster.applied) report it. Both
 * channels, on any replica, update the same row: the version makes the later commit of two concurrent
 * updates fail (and be retried on fresh data) instead of silently overwriting the other's change.
 */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "district_id")
    public String districtId;

    /** Null while only the writer has reported the run (its roster.applied came before the fetcher's first event). */
    public String trigger;

    @Column(name = "requested_by")
    public String requestedBy;

    @Convert(converter = CodeColumn.RunStatusColumn.class)
    public RunStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "fetched_schools")
    public Integer fetchedSchools;

    @Column(name = "fetched_users")
    public Integer fetchedUsers;

    @Column(name = "created_count")
    public Integer createdCount;

    @Column(name = "updated_count")
    public Integer updatedCount;

    @Column(name = "removed_count")
    public Integer removedCount;

    @Column(name = "restored_count")
    public Integer restoredCount;

    @Column(name = "duration_ms")
    public Long durationMs;

    public String reason;

    /** Requested while the fetcher has not answered yet, then what it carried out. */
    @Convert(converter = CodeColumn.RunDecisionColumn.class)
    public RunDecision decision;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "applied_at")
    public Instant appliedAt;

    @Column(name = "active_users")
    public Integer activeUsers;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public static List<SyncRun> forDistrict(String districtId, int limit) {
        return find("districtId = ?1 order by startedAt desc", districtId).page(0, limit).list();
    }
}
