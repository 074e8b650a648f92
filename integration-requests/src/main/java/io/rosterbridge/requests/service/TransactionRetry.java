package io.rosterbridge.requests.service;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rosterbridge.requests.config.TransactionRetryConfig;

/**
 * The one way this service runs a transaction that may race another writer of the same rows (consumed records,
 * support actions, the connection check): the unit of work runs in a transaction of its own and, when it lost a
 * race (a concurrent transaction changed the same versioned row first, or inserted the same key), it is rolled
 * back entirely, outbox records included, and runs again on fresh data, re-checking whatever it checks. After
 * {@code transaction-retry.max-attempts} lost races it throws {@link ConcurrentChangeException}; anything else
 * is thrown as it is.
 */
@ApplicationScoped
public class TransactionRetry {

    private static final Logger LOG = Logger.getLogger(TransactionRetry.class);
    /** unique_violation, serialization_failure, deadlock_detected */
    private static final Set<String> RACE_SQL_STATES = Set.of("23505", "40001", "40P01");

    /** Attempts rolled back and run again after a lost race (metric). */
    public static final String RETRIES_METRIC = "transaction.lost.races";

    @Inject
    TransactionRetryConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    EntityManager entityManager;

    /** @param what names the work for logs and the failure, by ids only (no names or emails) */
    public void run(String what, Runnable work) {
        call(what, () -> {
            work.run();
            return null;
        });
    }

    public <T> T call(String what, Supplier<T> work) {
        long pause = config.backoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    T result = work.get();
                    entityManager.flush(); // a lost race surfaces here, as itself, not wrapped by the commit
                    return result;
                });
            } catch (RuntimeException e) {
                if (!lostRace(e)) {
                    throw e;
                }
                if (attempt >= config.maxAttempts()) {
                    LOG.warnf("%s lost a race with a concurrent change %d times; giving up", what, attempt);
                    throw new ConcurrentChangeException(what + " lost a race with a concurrent change " + attempt + " times", e);
                }
                metrics.counter(RETRIES_METRIC).increment();
                LOG.debugf("%s lost a race with a concurrent change (attempt %d): %s", what, attempt, e);
                sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
                pause = Math.min(pause * 2, config.maxBackoff().toMillis());
            }
        }
    }

    static boolean lostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
            if (t instanceof SQLException sql && RACE_SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
