package io.rosterbridge.requests.people;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.requests.config.LoginAttemptsConfig;
import io.rosterbridge.requests.repository.LoginAttempt;

/**
 * The login attempts read model: sso-gateway's login.audit kept for {@code login-attempts.retention}, so support can
 * see why a person's logins were refused. Stored by event id: a redelivered event adds nothing.
 */
@ApplicationScoped
public class LoginAttempts {

    private static final Logger LOG = Logger.getLogger(LoginAttempts.class);

    @Inject
    LoginAttemptsConfig config;

    /** Stores the attempt; false when its event was stored before. */
    @Transactional
    public boolean record(LoginAuditEvent event) {
        LoginAttempt attempt = new LoginAttempt();
        attempt.eventId = event.eventId();
        attempt.cleverUserId = event.cleverUserId();
        attempt.districtId = event.districtId();
        attempt.outcome = event.outcome();
        attempt.flow = event.flow();
        attempt.roles = event.roles() == null ? new String[0] : event.roles().toArray(String[]::new);
        attempt.detail = event.detail();
        attempt.occurredAt = event.occurredAt();
        return LoginAttempt.insertOnce(attempt);
    }

    /** The person's newest attempts, newest first. */
    @Transactional
    public List<LoginAttempt> newestOf(String cleverUserId) {
        return LoginAttempt.newestOf(cleverUserId, config.shownPerPerson());
    }

    @Scheduled(every = "{login-attempts.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeOnSchedule() {
        purge();
    }

    /** Deletes the attempts older than the retention; any replica may run it, a delete twice deletes nothing more. */
    @Transactional
    public long purge() {
        long deleted = LoginAttempt.deleteOccurredBefore(Instant.now().minus(config.retention()));
        if (deleted > 0) {
            LOG.infof("Deleted %d login attempts older than %s", deleted, config.retention());
        }
        return deleted;
    }
}
