package io.rosterbridge.sandbox.http;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.vertx.core.http.HttpServerResponse;

/**
 * Clever's rate limit: a fixed number of requests per bearer token per clock minute (1200 by default),
 * reported in {@code X-Ratelimit-Bucket/-Limit/-Remaining/-Reset} headers (Reset = Unix seconds). Also keeps what a
 * benchmark reports against that budget: each token's busiest minute and the app's requests per minute.
 */
public final class RateLimiter {

    /** A day of per-minute totals is plenty for any benchmark night. */
    private static final int MINUTES_KEPT = 24 * 60;

    private final int perMinute;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Integer> peakPerToken = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> appPerMinute = new ConcurrentSkipListMap<>();

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
        peakPerToken.merge(token, window.count, Math::max);
        appPerMinute.computeIfAbsent(minute, m -> new LongAdder()).increment();
        if (appPerMinute.size() > MINUTES_KEPT) {
            appPerMinute.keySet().removeIf(m -> m <= minute - MINUTES_KEPT);
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

    public int limitPerMinute() {
        return perMinute;
    }

    /** Each token's busiest clock minute so far (requests counted, admitted or not). */
    public Map<String, Integer> peakPerToken() {
        return Map.copyOf(peakPerToken);
    }

    /** Requests with a bearer token per clock minute, all tokens together, oldest first. */
    public SortedMap<Instant, Long> appRequestsPerMinute() {
        SortedMap<Instant, Long> out = new TreeMap<>();
        appPerMinute.forEach((minute, count) -> out.put(Instant.ofEpochSecond(minute * 60), count.sum()));
        return out;
    }

    private record Window(long minute, int count) {
    }
}
