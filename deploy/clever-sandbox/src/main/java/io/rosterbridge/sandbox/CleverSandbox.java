package io.rosterbridge.sandbox;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.rosterbridge.sandbox.http.AdminApi;
import io.rosterbridge.sandbox.http.ApiGuard;
import io.rosterbridge.sandbox.http.ClientApp;
import io.rosterbridge.sandbox.http.DataApi;
import io.rosterbridge.sandbox.http.EventsApi;
import io.rosterbridge.sandbox.http.RateLimiter;
import io.rosterbridge.sandbox.http.RequestCounts;
import io.rosterbridge.sandbox.http.Responses;
import io.rosterbridge.sandbox.http.TokensApi;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.User;
import io.rosterbridge.sandbox.sso.OidcApi;
import io.rosterbridge.sandbox.sso.SsoSessions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A running Clever sandbox: clever.com and api.clever.com paths on one base URL. Start with
 * {@link #start(SandboxOptions)}, change the world through {@link #world()} (or the admin API under
 * {@code /sandbox}), stop with {@link #close()}.
 */
public final class CleverSandbox implements AutoCloseable {

    private final Vertx vertx;
    private final SandboxWorld world;
    private final ClientApp app;
    private final String demoDistrictId;
    private final OidcApi oidc;
    private final RateLimiter rateLimiter;
    private volatile HttpServer server;
    private volatile String baseUrl;

    private CleverSandbox(Vertx vertx, SandboxWorld world, ClientApp app, String demoDistrictId, SsoSessions sso,
            RateLimiter rateLimiter) {
        this.vertx = vertx;
        this.rateLimiter = rateLimiter;
        this.world = world;
        this.app = app;
        this.demoDistrictId = demoDistrictId;
        this.oidc = new OidcApi(world, app, sso, this::baseUrl);
    }

    public static CleverSandbox start(SandboxOptions options) {
        SandboxWorld world = new SandboxWorld(options.clock(), options.eventRetention());
        String demoDistrictId = options.demoDistrict() ? world.addDemoDistrict() : null;
        String clientId = options.clientId() != null ? options.clientId() : "sandbox-" + world.randomHex(10);
        String clientSecret = options.clientSecret() != null ? options.clientSecret() : world.randomHex(24);
        ClientApp app = new ClientApp(clientId, clientSecret, options.redirectUris());
        SsoSessions sso = new SsoSessions(options.clock()::millis);

        Vertx vertx = Vertx.vertx();
        RateLimiter rateLimiter = new RateLimiter(options.rateLimitPerMinute(), options.clock()::millis);
        CleverSandbox sandbox = new CleverSandbox(vertx, world, app, demoDistrictId, sso, rateLimiter);
        try {
            Router router = sandbox.router(sso);
            // Clever serves HTTPS only, so there is no cleartext HTTP/2 to imitate. Offering the h2c upgrade
            // stalled about one large response in 300 for the JDK's HttpClient (both sides idle, body unsent).
            HttpServerOptions http = new HttpServerOptions().setCompressionSupported(true)
                    .setHttp2ClearTextEnabled(false);
            sandbox.server = vertx.createHttpServer(http)
                    .requestHandler(router)
                    .listen(options.port(), options.host())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String host = "0.0.0.0".equals(options.host()) ? "localhost" : options.host();
            sandbox.baseUrl = "http://" + host + ":" + sandbox.server.actualPort();
            return sandbox;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("interrupted while starting the Clever sandbox", e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("Clever sandbox could not listen on port " + options.port(), e);
        }
    }

    private Router router(SsoSessions sso) {
        Router router = Router.router(vertx);
        ApiGuard guard = new ApiGuard(vertx, world.faults(), rateLimiter);
        // the body handler first: the guard may resume the request later (injected latency)
        router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.route("/v3.0/*").handler(guard::handle);
        router.route("/oauth/*").handler(guard::handle);
        router.route("/userinfo").handler(guard::handle);

        oidc.mount(router);
        router.get("/oauth/tokens").handler(new TokensApi(world, app)::list);
        new EventsApi(world).mount(router);
        new DataApi(world, sso).mount(router);
        new AdminApi(vertx, this).mount(router);

        router.route("/v3.0/*").handler(ctx -> Responses.message(ctx, 404, "Not Found"));
        router.route().failureHandler(ctx -> {
            if (!ctx.response().ended()) {
                int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
                Responses.message(ctx, status, status == 500 ? "internal error" : "request failed");
            }
        });
        return router;
    }

    /** Serves both clever.com and api.clever.com paths, e.g. {@code http://localhost:8090}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The OIDC issuer (equal to {@link #baseUrl()}); discovery at {@code /.well-known/openid-configuration}. */
    public String issuer() {
        return baseUrl;
    }

    public int port() {
        return server.actualPort();
    }

    public String clientId() {
        return app.clientId();
    }

    public String clientSecret() {
        return app.clientSecret();
    }

    public List<String> redirectUris() {
        return app.redirectUris();
    }

    /** Registers one more redirect URI for the app (the first ever registered stays primary). */
    public void addRedirectUri(String uri) {
        app.addRedirectUri(uri);
    }

    /** The demo district's id, or null when started without it. */
    public String demoDistrictId() {
        return demoDistrictId;
    }

    /**
     * A Clever Portal / Instant Login launch for {@code userId}: opening it redirects the browser to the
     * app's primary redirect URI with a fresh {@code code} and no {@code state}.
     */
    public String instantLoginUrl(String userId) {
        User user = world.user(userId);
        if (user == null) {
            throw new SandboxWorld.UnknownRecordException("unknown user " + userId);
        }
        return baseUrl + oidc.instantLoginPath(user.districtId(), userId);
    }

    public SandboxWorld world() {
        return world;
    }

    /** Requests counted per token per clock minute so far, keyed by district (a benchmark's budget check). */
    public RequestCounts requestCounts() {
        Map<String, Integer> perDistrict = new TreeMap<>();
        int maxPerToken = 0;
        for (Map.Entry<String, Integer> peak : rateLimiter.peakPerToken().entrySet()) {
            maxPerToken = Math.max(maxPerToken, peak.getValue());
            DistrictData district = world.byToken(peak.getKey());
            if (district != null) {
                perDistrict.merge(district.id(), peak.getValue(), Math::max);
            }
        }
        return new RequestCounts(rateLimiter.limitPerMinute(), perDistrict, maxPerToken, rateLimiter.appRequestsPerMinute());
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort on shutdown
        }
    }
}
