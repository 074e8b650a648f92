package io.rosterbridge.clever;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final Instant now = Instant.parse("2026-03-08T12:00:00Z");

    @Test
    void retriesRateLimitsAndServerErrorsOnly() {
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(502)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
        assertThat(RetryPolicy.retryable(404)).isFalse();
        assertThat(RetryPolicy.retryable(413)).isFalse();
        assertThat(RetryPolicy.retryable(501)).isFalse();
    }

    @Test
    void backoffGrowsExponentiallyAndIsCapped() {
        RetryPolicy maxJitter = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.999_999);
        assertThat(maxJitter.delay(1, Optional.empty(), now).toMillis()).isBetween(90L, 101L);
        assertThat(maxJitter.delay(2, Optional.empty(), now).toMillis()).isBetween(190L, 201L);
        assertThat(maxJitter.delay(4, Optional.empty(), now).toMillis()).isBetween(790L, 801L);
        assertThat(maxJitter.delay(30, Optional.empty(), now).toMillis()).isBetween(1990L, 2001L);
    }

    @Test
    void jitterSpreadsTheWaitDownToAlmostNothing() {
        RetryPolicy noJitter = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.0);
        assertThat(noJitter.delay(5, Optional.empty(), now).toMillis()).isEqualTo(1L);
    }

    @Test
    void honoursRateLimitResetWithinTheCap() {
        RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.0);
        long resetIn3s = now.getEpochSecond() + 3;
        assertThat(policy.delay(1, Optional.of(resetIn3s), now)).isEqualTo(Duration.ofSeconds(3));
        long resetIn10min = now.getEpochSecond() + 600;
        assertThat(policy.delay(1, Optional.of(resetIn10min), now)).isEqualTo(Duration.ofSeconds(30));
        long resetPassed = now.getEpochSecond() - 5;
        assertThat(policy.delay(1, Optional.of(resetPassed), now).toMillis()).isLessThanOrEqualTo(100L);
    }

    @Test
    void takesTheLatestOfRepeatedResetHeadersAndIgnoresGarbage() {
        assertThat(RetryPolicy.parseReset(List.of("1700000000", "1700000060, 1700000030"))).contains(1700000060L);
        assertThat(RetryPolicy.parseReset(List.of("soon"))).isEmpty();
        assertThat(RetryPolicy.parseReset(List.of())).isEmpty();
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("120"), now)).contains(now.getEpochSecond() + 120);
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("Sun, 08 Mar 2026 12:00:30 GMT"), now)).contains(now.getEpochSecond() + 30);
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("later"), now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(Optional.empty(), now)).isEmpty();
    }
}
