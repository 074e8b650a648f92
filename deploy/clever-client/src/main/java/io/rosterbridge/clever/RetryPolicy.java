package io.rosterbridge.clever;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Which Clever responses are retried and how long to wait: capped exponential backoff with full jitter, or until
 * the rate-limit window reopens when the response says when (capped too). Clever documents {@code X-Ratelimit-Reset}
 * (Unix seconds, one value per bucket); a standard {@code Retry-After} (seconds or an HTTP date) is honoured as well.
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
     * Wait before attempt {@code attempt + 1} (attempt counts from 1). {@code rateLimitReset} is when the
     * response says to come back, in Unix seconds, when it says so.
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

    /** When the response says to come back (Unix seconds): the latest of its X-Ratelimit-Reset and Retry-After values. */
    public static Optional<Long> comeBackAt(HttpHeaders headers, Instant now) {
        return Stream.concat(parseReset(headers.allValues("X-Ratelimit-Reset")).stream(),
                parseRetryAfter(headers.firstValue("Retry-After"), now).stream())
                .max(Long::compare);
    }

    /** Several X-Ratelimit-Reset values can arrive (one per bucket); the latest one governs. */
    public static Optional<Long> parseReset(List<String> values) {
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,12}"))
                .map(Long::parseLong)
                .max(Long::compare);
    }

    /** Retry-After as delay seconds or an HTTP date (RFC 9110), in Unix seconds. */
    static Optional<Long> parseRetryAfter(Optional<String> value, Instant now) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().trim();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(now.getEpochSecond() + Long.parseLong(text));
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
