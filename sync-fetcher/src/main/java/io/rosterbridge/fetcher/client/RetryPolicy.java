package io.rosterbridge.fetcher.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Which Clever responses are retried and how long to wait: capped exponential backoff with full jitter,
 * or until {@code X-Ratelimit-Reset} when Clever says when the rate-limit window reopens (capped too).
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public RetryPolicy(int maxAttempts, Duration initial, Duration max, DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** 429 and server errors are transient; 400, 401, 404, 413 and 501 are not and are never retried. */
    public static boolean retryable(int status) {
        return status == 429 || (status >= 500 && status != 501);
    }

    /**
     * Wait before attempt {@code attempt + 1} (attempt counts from 1). {@code rateLimitReset} is the
     * header's Unix time in seconds, when present.
     */
    public Duration delay(int attempt, Optional<Long> rateLimitReset, Instant now) {
        if (rateLimitReset.isPresent()) {
            long untilReset = rateLimitReset.get() * 1000 - now.toEpochMilli();
            if (untilReset > 0) {
                // a little jitter so several workers do not all return in the same millisecond
                long jitter = (long) (random.getAsDouble() * initialMillis);
                return Duration.ofMillis(Math.min(maxMillis, untilReset + jitter));
            }
        }
        long exponential = initialMillis << Math.min(attempt - 1, 20);
        long capped = Math.min(maxMillis, exponential);
        return Duration.ofMillis((long) (random.getAsDouble() * capped) + 1);
    }

    /** Several X-Ratelimit-Reset values can arrive (one per bucket); the latest one governs. */
    public static Optional<Long> parseReset(java.util.List<String> values) {
        return values.stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,12}"))
                .map(Long::parseLong)
                .max(Long::compare);
    }
}
