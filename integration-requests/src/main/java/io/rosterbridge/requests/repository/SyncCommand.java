package io.rosterbridge.requests.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A command support sent to the fetcher on sync.requests. */
@Entity
@Table(name = "sync_command")
public class SyncCommand extends PanacheEntityBase {

    @Id
    @Column(name = "command_id")
    public UUID commandId;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "district_id")
    public String districtId;

    public String command;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    public static List<SyncCommand> forDistrict(String districtId, int limit) {
        return find("districtId = ?1 order by requestedAt desc", districtId).page(0, limit).list();
    }
}
