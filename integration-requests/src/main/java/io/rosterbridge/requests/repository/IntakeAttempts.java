package io.rosterbridge.requests.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Intake attempts per client address within a sliding window, in PostgreSQL so that every replica counts the same
 * attempts. Times are the database's, so replicas with skewed clocks agree too.
 */
@ApplicationScoped
public class IntakeAttempts {

    @Inject
    EntityManager entityManager;

    /**
     * Records an attempt unless {@code max} attempts already fall within {@code window}; in that case records nothing
     * and returns the seconds until the oldest of them leaves the window. Its own transaction: an attempt counts even
     * when the submission it belongs to is then rejected and rolled back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong tryRecord(String addressDigest, Duration window, int max) {
        // one address's attempts are counted one at a time across replicas; other addresses are not held up
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:digest, 0))")
                .setParameter("digest", addressDigest).getSingleResult();
        entityManager.createNativeQuery("DELETE FROM intake_attempt WHERE address_digest = :digest "
                        + "AND attempted_at <= now() - make_interval(secs => :window)")
                .setParameter("digest", addressDigest).setParameter("window", window.toSeconds()).executeUpdate();
        Object[] inWindow = (Object[]) entityManager.createNativeQuery("SELECT count(*), "
                        + "ceil(extract(epoch FROM min(attempted_at) + make_interval(secs => :window) - now())) "
                        + "FROM intake_attempt WHERE address_digest = :digest")
                .setParameter("digest", addressDigest).setParameter("window", window.toSeconds()).getSingleResult();
        if (((Number) inWindow[0]).longValue() >= max) {
            return OptionalLong.of(Math.max(1, ((Number) inWindow[1]).longValue()));
        }
        entityManager.createNativeQuery("INSERT INTO intake_attempt (address_digest, attempted_at) VALUES (:digest, now())")
                .setParameter("digest", addressDigest).executeUpdate();
        return OptionalLong.empty();
    }

    /** Deletes attempts that left the window; returns how many. */
    @Transactional
    public int forgetOlderThan(Duration window) {
        return entityManager.createNativeQuery("DELETE FROM intake_attempt WHERE attempted_at <= now() - make_interval(secs => :window)")
                .setParameter("window", window.toSeconds()).executeUpdate();
    }
}
