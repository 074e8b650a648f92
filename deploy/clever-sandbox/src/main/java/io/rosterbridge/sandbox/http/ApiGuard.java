package io.rosterbridge.sandbox.http;

import io.rosterbridge.sandbox.Faults;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every Clever endpoint: injected latency, injected 5xx and 429 answers, then the per-token
 * rate limit (requests without a bearer token are not counted).
 */
public final class ApiGuard {

    private final Vertx vertx;
    private final Faults faults;
    private final RateLimiter rateLimiter;

    public ApiGuard(Vertx vertx, Faults faults, RateLimiter rateLimiter) {
        this.vertx = vertx;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
    }

    public void handle(RoutingContext ctx) {
        long latency = faults.latencyMillis();
        if (latency > 0) {
            vertx.setTimer(latency, id -> check(ctx));
        } else {
            check(ctx);
        }
    }

    private void check(RoutingContext ctx) {
        int status = faults.draw5xx();
        if (status != 0) {
            Responses.message(ctx, status, "Injected failure (sandbox fault)");
            return;
        }
        if (faults.draw429()) {
            rateLimiter.headers(ctx.response(), 0, rateLimiter.nextResetSeconds());
            Responses.message(ctx, 429, "Too Many Requests");
            return;
        }
        String token = Responses.bearer(ctx);
        if (token != null && !rateLimiter.admit(token, ctx.response())) {
            Responses.message(ctx, 429, "Too Many Requests");
            return;
        }
        ctx.next();
    }
}
