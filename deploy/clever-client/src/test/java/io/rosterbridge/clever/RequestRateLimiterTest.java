package io.rosterbridge.clever;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBudgetPerMinuteThenMakesTheCallerWait() {
        AtomicLong clock = new AtomicLong(0);
        RequestRateLimiter limiter = new RequestRateLimiter(3, clock::get);
        assertThat(limiter.tryAcquire("t")).isZero();
        clock.addAndGet(10 * SECOND);
        assertThat(limiter.tryAcquire("t")).isZero();
        assertThat(limiter.tryAcquire("t")).isZero();
        // the 4th request within the minute waits until the first leaves the window (at 60 s)
        assertThat(limiter.tryAcquire("t")).isEqualTo(50 * SECOND);
        clock.set(60 * SECOND);
        assertThat(limiter.tryAcquire("t")).isZero();
    }

    @Test
    void countsEachTokenSeparately() {
        AtomicLong clock = new AtomicLong(0);
        RequestRateLimiter limiter = new RequestRateLimiter(1, clock::get);
        assertThat(limiter.tryAcquire("district-a")).isZero();
        assertThat(limiter.tryAcquire("district-b")).isZero();
        assertThat(limiter.tryAcquire("district-a")).isPositive();
    }

    @Test
    void neverExceedsTheBudgetInAnyMinute() {
        AtomicLong clock = new AtomicLong(0);
        RequestRateLimiter limiter = new RequestRateLimiter(1200, clock::get);
        int granted = 0;
        // 5,000 attempts spread over 90 seconds: at most 1200 in the first 60 s
        for (int i = 0; i < 5000; i++) {
            clock.set(i * (90 * SECOND / 5000));
            if (clock.get() < 60 * SECOND && limiter.tryAcquire("t") == 0) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(1200);
    }
}
