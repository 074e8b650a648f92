package io.rosterbridge.requests.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.requests.config.IntakeConfig;

/**
 * Sliding-window limit of intake submissions per client address, in memory: enough to stop a
 * script hammering the public form of one instance; a shared limit needs the load balancer.
 */
@ApplicationScoped
public class RateLimiter {

    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    @Inject
    IntakeConfig config;

    Clock clock = Clock.systemUTC();

    /** Counts one attempt from {@code address}; throws {@link RateLimitedException} past the limit. */
    public void acquire(String address) {
        Instant now = clock.instant();
        Duration window = config.rateLimit().window();
        Deque<Instant> times = attempts.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
                times.pollFirst();
            }
            if (times.size() >= config.rateLimit().maxRequests()) {
                long retryAfter = Math.max(1, Duration.between(now, times.peekFirst().plus(window)).toSeconds());
                throw new RateLimitedException(retryAfter);
            }
            times.addLast(now);
        }
    }

    @Scheduled(every = "10m")
    void forgetIdleAddresses() {
        Instant horizon = clock.instant().minus(config.rateLimit().window());
        attempts.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isEmpty() || !e.getValue().peekLast().isAfter(horizon);
            }
        });
    }
}
