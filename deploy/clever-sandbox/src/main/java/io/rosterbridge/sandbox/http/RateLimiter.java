package io.rosterbridge.sandbox.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.vertx.core.http.HttpServerResponse;

/**
 * Clever's rate limit: a fixed number of requests per bearer token per clock minute (1200 by default),
 * reported in {@code X-Ratelimit-Bucket/-Limit/-Remaining/-Reset} headers (Reset = Unix seconds).
 */
public final class RateLimiter {

    private final int perMinute;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, LongSupplier clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts the request and sets the headers; false when the token is over its limit. */
    public boolean admit(String token, HttpServerResponse response) {
        long minute = clock.getAsLong() / 60_000;
        Window window = windows.compute(token, (k, w) -> w == null || w.minute != minute ? new Window(minute, 1)
                : new Window(minute, w.count + 1));
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> e.getValue().minute != minute);
        }
        headers(response, Math.max(0, perMinute - window.count), (minute + 1) * 60);
        return window.count <= perMinute;
    }

    public void headers(HttpServerResponse response, int remaining, long resetSeconds) {
        response.putHeader("X-Ratelimit-Bucket", "all")
                .putHeader("X-Ratelimit-Limit", Integer.toString(perMinute))
                .putHeader("X-Ratelimit-Remaining", Integer.toString(remaining))
                .putHeader("X-Ratelimit-Reset", Long.toString(resetSeconds));
    }

    public long nextResetSeconds() {
        return (clock.getAsLong() / 60_000 + 1) * 60;
    }

    private record Window(long minute, int count) {
    }
}
