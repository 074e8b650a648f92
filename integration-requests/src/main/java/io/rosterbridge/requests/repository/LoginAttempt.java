package io.rosterbridge.requests.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

/** One login outcome from sso-gateway's login.audit (read model; ids and a reason only). */
@Entity
@Table(name = "login_attempt")
public class LoginAttempt extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "clever_user_id")
    public String cleverUserId;

    @Column(name = "district_id")
    public String districtId;

    public String outcome;

    public String flow;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;

    public String detail;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** Inserts the attempt unless its event is already stored; false for a redelivery. */
    public static boolean insertOnce(LoginAttempt attempt) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO login_attempt (event_id, clever_user_id, district_id, outcome, flow, roles, detail, occurred_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, attempt.eventId).setParameter(2, attempt.cleverUserId).setParameter(3, attempt.districtId)
                .setParameter(4, attempt.outcome).setParameter(5, attempt.flow).setParameter(6, attempt.roles)
                .setParameter(7, attempt.detail).setParameter(8, attempt.occurredAt)
                .executeUpdate();
        return inserted == 1;
    }

    public static List<LoginAttempt> newestOf(String cleverUserId, int max) {
        return find("cleverUserId", Sort.descending("occurredAt"), cleverUserId).page(0, max).list();
    }

    public static long deleteOccurredBefore(Instant cutoff) {
        return delete("occurredAt < ?1", cutoff);
    }
}
