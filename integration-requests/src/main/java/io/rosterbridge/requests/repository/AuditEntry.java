package io.rosterbridge.requests.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One thing someone (staff user, the contact, or system) did to a district integration. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id")
    public UUID requestId;

    public String action;

    @Column(name = "previous_state")
    @Convert(converter = CodeColumn.IntegrationStateColumn.class)
    public IntegrationState previousState;

    @Convert(converter = CodeColumn.IntegrationStateColumn.class)
    public IntegrationState state;

    public String actor;

    public String detail;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public static List<AuditEntry> forRequest(UUID requestId) {
        return list("requestId = ?1 order by id", requestId);
    }
}
