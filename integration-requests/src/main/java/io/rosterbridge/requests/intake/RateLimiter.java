package io.rosterbridge.requests.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.requests.config.IntakeConfig;
import io.rosterbridge.requests.repository.IntakeAttempts;

/**
 * Sliding-window limit of intake submissions per client address, shared by every replica (the attempts are counted
 * in PostgreSQL), so a script hammering the public form gets no more tries by landing on another instance.
 */
@ApplicationScoped
public class RateLimiter {

    @Inject
    IntakeAttempts attempts;

    @Inject
    IntakeConfig config;

    /** Counts one attempt from {@code address}; throws {@link RateLimitedException} past the limit. */
    public void acquire(String address) {
        OptionalLong retryAfter = attempts.tryRecord(digest(address), config.rateLimit().window(), config.rateLimit().maxRequests());
        if (retryAfter.isPresent()) {
            throw new RateLimitedException(retryAfter.getAsLong());
        }
    }

    @Scheduled(every = "10m")
    void forgetOldAttempts() {
        attempts.forgetOlderThan(config.rateLimit().window());
    }

    private static String digest(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
