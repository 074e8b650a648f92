package io.rosterbridge.gateway.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.gateway.client.RosterUnavailableException;
import io.rosterbridge.gateway.config.GatewayConfig;
import io.rosterbridge.gateway.messaging.LoginAuditPublisher;
import io.rosterbridge.gateway.repository.RedeemedCode;
import io.rosterbridge.gateway.repository.RedeemedCodeRepository;

/**
 * Turns a verified Clever identity into a platform session (or a refusal), and records every outcome:
 * an audit event on login.audit and the {@value #OUTCOMES_METRIC} counter.
 */
@ApplicationScoped
public class LoginService {

    public static final String OUTCOMES_METRIC = "gateway.login.outcomes";
    private static final Logger LOG = Logger.getLogger(LoginService.class);
    private static final long AUDIT_ACK_TIMEOUT_MILLIS = 5_000;

    @Inject
    AccessPolicy policy;

    @Inject
    SessionTokens sessions;

    @Inject
    RedeemedCodeRepository redeemedCodes;

    @Inject
    LoginAuditPublisher audit;

    @Inject
    MeterRegistry metrics;

    @Inject
    GatewayConfig config;

    /**
     * Decides on a Clever user whose id_token quarkus-oidc has verified.
     *
     * @param code the authorization code just redeemed, remembered (hashed) to recognise a replay; may be null
     * @throws RosterUnavailableException when the roster cannot be asked (audited as provider-error)
     */
    public LoginResult complete(String cleverUserId, LoginFlow flow, String code, Optional<String> returnPath) {
        AccessDecision decision;
        try {
            decision = policy.decide(cleverUserId);
        } catch (RosterUnavailableException e) {
            record(new AccessDecision(LoginOutcome.PROVIDER_ERROR, cleverUserId, null, null, List.of(), List.of(),
                    "roster directory unavailable"), flow);
            throw e;
        }
        IssuedSession session = decision.allowed() ? sessions.issue(decision) : null;
        if (code != null) {
            remember(code, cleverUserId, session);
        }
        record(decision, flow);
        return decision.allowed() ? new LoginResult(decision, session, appUrl(decision.roles(), returnPath))
                : new LoginResult(decision, null, null);
    }

    /** Remembers a redeemed code (hashed) and the session it produced, none for a refusal. */
    private void remember(String code, String cleverUserId, IssuedSession session) {
        redeemedCodes.record(hash(code), cleverUserId, session == null ? null : session.claims().sessionId(), Instant.now());
    }

    /**
     * A callback carrying a code this gateway already redeemed: where to send the browser when it still holds the
     * session that code produced; empty when the code is unknown or the session is gone or another one.
     */
    public Optional<URI> replayTarget(String code, String sessionToken) {
        RedeemedCode redeemed = redeemedCodes.findById(hash(code));
        if (redeemed == null || redeemed.sessionId == null) {
            return Optional.empty();
        }
        return sessions.verify(sessionToken)
                .filter(claims -> claims.sessionId().equals(redeemed.sessionId))
                .map(claims -> appUrl(claims.roles(), Optional.empty()));
    }

    /** Has this code been redeemed here (within the replay retention)? */
    public boolean alreadyRedeemed(String code) {
        return redeemedCodes.findById(hash(code)) != null;
    }

    public void logout(String sessionToken) {
        Optional<SessionClaims> claims = sessions.verify(sessionToken);
        LoginAuditEvent event = new LoginAuditEvent(LoginAuditEvent.SCHEMA_VERSION, UUID.randomUUID(),
                LoginOutcome.LOGOUT.wireName(), LoginFlow.LOGOUT.wireName(),
                claims.map(SessionClaims::cleverUserId).orElse(null), claims.map(SessionClaims::districtId).orElse(null),
                claims.map(SessionClaims::roles).orElse(List.of()), claims.isPresent() ? null : "no active session",
                Instant.now());
        count(LoginOutcome.LOGOUT, LoginFlow.LOGOUT);
        awaitAck(event);
    }

    /**
     * The identity provider's side failed (code expired or reused, state mismatch, id_token rejected, error
     * returned). Does not block: it may run on the event loop.
     */
    public void providerError(LoginFlow flow, String detail) {
        LoginAuditEvent event = new LoginAuditEvent(LoginAuditEvent.SCHEMA_VERSION, UUID.randomUUID(),
                LoginOutcome.PROVIDER_ERROR.wireName(), flow.wireName(), null, null, List.of(), detail, Instant.now());
        count(LoginOutcome.PROVIDER_ERROR, flow);
        audit.publish(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                auditFailed(event, failure);
            }
        });
    }

    public URI appUrl(List<String> roles, Optional<String> returnPath) {
        String base = Roles.studentOnly(roles) ? config.apps().studentUrl() : config.apps().staffUrl();
        if (returnPath.isEmpty()) {
            return URI.create(base);
        }
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + returnPath.get());
    }

    private void record(AccessDecision decision, LoginFlow flow) {
        count(decision.outcome(), flow);
        LoginAuditEvent event = new LoginAuditEvent(LoginAuditEvent.SCHEMA_VERSION, UUID.randomUUID(),
                decision.outcome().wireName(), flow.wireName(), decision.cleverUserId(), decision.districtId(),
                decision.roles(), decision.detail(), Instant.now());
        awaitAck(event);
    }

    private void count(LoginOutcome outcome, LoginFlow flow) {
        metrics.counter(OUTCOMES_METRIC, "outcome", outcome.wireName(), "flow", flow.wireName()).increment();
    }

    /** The audit trail must not lock students out: a broker outage is logged and counted, the login goes on. */
    private void awaitAck(LoginAuditEvent event) {
        try {
            audit.publish(event).toCompletableFuture().get(AUDIT_ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            auditFailed(event, e);
        } catch (Exception e) {
            auditFailed(event, e);
        }
    }

    private void auditFailed(LoginAuditEvent event, Throwable failure) {
        metrics.counter("gateway.audit.failures").increment();
        LOG.errorf("Audit event %s (%s) was not acknowledged by Kafka: %s", event.eventId(), event.outcome(), failure.toString());
    }

    static String hash(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
