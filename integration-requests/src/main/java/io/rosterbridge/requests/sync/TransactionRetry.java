package io.rosterbridge.requests.sync;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rosterbridge.requests.config.ConsumerRetryConfig;

/**
 * Runs a unit of work in a transaction of its own and, when it lost a race (a concurrent transaction on
 * another channel or replica changed the same versioned row first, or inserted the same key), rolls it
 * back entirely and runs it again on fresh data. Anything else, or the last failed attempt, is thrown.
 */
@ApplicationScoped
public class TransactionRetry {

    private static final Logger LOG = Logger.getLogger(TransactionRetry.class);
    /** unique_violation, serialization_failure, deadlock_detected */
    private static final Set<String> RACE_SQL_STATES = Set.of("23505", "40001", "40P01");

    /** Attempts rolled back and run again after a lost race (metric). */
    public static final String RETRIES_METRIC = "consumer.lost.races";

    @Inject
    ConsumerRetryConfig config;

    @Inject
    MeterRegistry metrics;

    public void run(String what, Runnable work) {
        long pause = config.backoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (RuntimeException e) {
                if (!lostRace(e) || attempt >= config.maxAttempts()) {
                    if (lostRace(e)) {
                        LOG.warnf("%s lost a race with a concurrent change %d times; giving up", what, attempt);
                    }
                    throw e;
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
