package io.rosterbridge.sandbox;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected into Clever API responses (Data, Events, OAuth and SSO endpoints, not the admin API):
 * added latency, a share of 429 or 5xx answers, and truncated pages (the response ends mid-body).
 */
public final class Faults {

    private volatile long latencyMillis;
    private volatile double rate429;
    private volatile double rate5xx;
    private final AtomicInteger truncatedPages = new AtomicInteger();

    public Faults setLatencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = millis;
        return this;
    }

    /** Share of requests (0..1) answered with 429 Too Many Requests. */
    public Faults setRate429(double rate) {
        this.rate429 = checkRate(rate);
        return this;
    }

    /** Share of requests (0..1) answered with 500/502/503. */
    public Faults setRate5xx(double rate) {
        this.rate5xx = checkRate(rate);
        return this;
    }

    /** The next {@code pages} list responses stop after part of the body, as a dropped connection would. */
    public Faults truncateNextPages(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("pages must not be negative");
        }
        truncatedPages.set(pages);
        return this;
    }

    public Faults clear() {
        latencyMillis = 0;
        rate429 = 0;
        rate5xx = 0;
        truncatedPages.set(0);
        return this;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    public double rate429() {
        return rate429;
    }

    public double rate5xx() {
        return rate5xx;
    }

    public int pendingTruncations() {
        return truncatedPages.get();
    }

    /** Decides whether this request gets an injected 429. */
    public boolean draw429() {
        return rate429 > 0 && ThreadLocalRandom.current().nextDouble() < rate429;
    }

    /** An injected 5xx status for this request, or 0. */
    public int draw5xx() {
        if (rate5xx > 0 && ThreadLocalRandom.current().nextDouble() < rate5xx) {
            int[] statuses = {500, 502, 503};
            return statuses[ThreadLocalRandom.current().nextInt(statuses.length)];
        }
        return 0;
    }

    /** Consumes one pending truncation. */
    public boolean takeTruncation() {
        return truncatedPages.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static double checkRate(double rate) {
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        return rate;
    }
}
