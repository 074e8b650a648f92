package io.rosterbridge.clever;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps each bearer token under Clever's per-minute request budget: a sliding one-minute log of request
 * times per token; a caller that would exceed the budget sleeps until the oldest request leaves the window.
 */
public final class RequestRateLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    public RequestRateLimiter(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /** Blocks until a request with this token is allowed, then records it. */
    public void acquire(String token) throws InterruptedException {
        while (true) {
            long waitNanos = tryAcquire(token);
            if (waitNanos <= 0) {
                return;
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000));
        }
    }

    /** Records a request and returns 0, or returns how long to wait before asking again. */
    long tryAcquire(String token) {
        ArrayDeque<Long> window = windows.computeIfAbsent(token, t -> new ArrayDeque<>());
        synchronized (window) {
            long now = nanoClock.getAsLong();
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
                window.pollFirst();
            }
            if (window.size() < perMinute) {
                window.addLast(now);
                return 0;
            }
            return WINDOW_NANOS - (now - window.peekFirst());
        }
    }

    /** Forget a token that was rotated away. */
    public void forget(String token) {
        windows.remove(token);
    }
}
