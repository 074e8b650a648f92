package io.rosterbridge.requests.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Serves sync-fetcher's support API contract as the console uses it (sync-fetcher/README.md: preview, window,
 * back-to-school/inside, live-updates, night) from previews, live updates and the night the tests put in and windows the console sets,
 * and refuses requests without a bearer token issued by the staff provider for sync-fetcher (401, as the real fetcher
 * does). {@link #down(boolean)} makes it answer 503, as a fetcher that is not there. Points the console's rest client
 * there and its oidc-client "fetcher" at the staff provider.
 */
public class FetcherApiTestResource implements QuarkusTestResourceLifecycleManager {

    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final Map<String, JsonObject> PREVIEWS = new ConcurrentHashMap<>();
    private static final Map<String, JsonObject> WINDOWS = new ConcurrentHashMap<>();
    private static final Map<String, JsonObject> LIVE_UPDATES = new ConcurrentHashMap<>();
    private static volatile JsonObject night = new JsonObject().putNull("night").putNull("firedAt").put("counts", new JsonObject()
            .put("queued", 0).put("running", 0).put("completed", 0).put("failed", 0).put("held", 0).put("skipped", 0))
            .putNull("expectedEndAt").put("districts", new JsonArray());
    private static volatile boolean down;
    private static Vertx vertx;
    private static HttpServer server;

    public static void putPreview(String districtId, JsonObject preview) {
        PREVIEWS.put(districtId, preview);
    }

    /** The window the console last set for the district (with the staff member in setBy), or null. */
    public static JsonObject window(String districtId) {
        return WINDOWS.get(districtId);
    }

    public static void putLiveUpdates(String districtId, JsonObject liveUpdates) {
        LIVE_UPDATES.put(districtId, liveUpdates);
    }

    /** Live updates as the fetcher answers them (LiveUpdatesView); the lag is from the event at Clever to its change sent. */
    public static JsonObject liveUpdates(String districtId, String state, String reason, Instant lastEventAt, Instant lastAppliedAt) {
        JsonObject view = new JsonObject().put("districtId", districtId).put("live", "live".equals(state)).put("state", state)
                .put("reason", reason).put("lastEventId", lastEventAt == null ? null : "evt-" + lastEventAt.getEpochSecond())
                .put("lastEventAt", lastEventAt == null ? null : lastEventAt.toString())
                .put("lastAppliedAt", lastAppliedAt == null ? null : lastAppliedAt.toString())
                .put("lastPolledAt", lastAppliedAt == null ? null : lastAppliedAt.plusSeconds(60).toString());
        return view.put("lagSeconds", lastEventAt == null || lastAppliedAt == null ? null
                : Duration.between(lastEventAt, lastAppliedAt).toSeconds());
    }

    /** What GET /api/night answers (the fetcher's NightView), until the next call. */
    public static void putNight(JsonObject nightView) {
        night = nightView;
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    /** A preview as the fetcher answers it, with the given user counts and listed user names per change kind. */
    public static JsonObject preview(String districtId, String outcome, String reason, Map<String, List<String>> userNames) {
        JsonObject counts = new JsonObject();
        JsonObject listed = new JsonObject();
        JsonObject users = new JsonObject();
        for (String kind : List.of("created", "updated", "removed", "restored")) {
            List<String> names = userNames.getOrDefault(kind, List.of());
            users.put(kind, names.size());
            JsonArray items = new JsonArray();
            for (int i = 0; i < names.size(); i++) {
                items.add(new JsonObject().put("entityType", "user").put("id", String.format("%024x", i + 1)).put("name", names.get(i)));
            }
            listed.put(kind, items);
        }
        JsonObject none = new JsonObject().put("created", 0).put("updated", 0).put("removed", 0).put("restored", 0);
        counts.put("district", none).put("school", none.copy()).put("user", users);
        return new JsonObject().put("districtId", districtId).put("computedAt", "2026-08-03T14:00:00Z").put("fetchedSchools", 2)
                .put("fetchedUsers", 1700).put("counts", counts).put("listed", listed).put("outcome", outcome).put("reason", reason);
    }

    @Override
    public synchronized Map<String, String> start() {
        String staffIssuer = StaffOidcTestResource.provider().issuerUrl();
        if (server == null) {
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer()
                        .requestHandler(request -> request.body().onSuccess(body -> answer(request, body.toString(), staffIssuer)))
                        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the fetcher API fake", e);
            }
        }
        return Map.of(
                "quarkus.rest-client.fetcher-api.url", "http://localhost:" + server.actualPort(),
                "quarkus.oidc-client.fetcher.auth-server-url", staffIssuer,
                "quarkus.oidc-client.fetcher.client-id", "integration-requests",
                "quarkus.oidc-client.fetcher.credentials.secret", "test-only-secret");
    }

    private static void answer(HttpServerRequest request, String body, String staffIssuer) {
        if (!issuedForFetcher(request.getHeader("Authorization"), staffIssuer)) {
            respond(request, 401, new JsonObject().put("message", "bearer token from the staff provider for sync-fetcher required"));
            return;
        }
        if (down) {
            respond(request, 503, new JsonObject().put("message", "unavailable"));
            return;
        }
        String path = request.path();
        String method = request.method().name();
        if (path.equals("/api/back-to-school/inside") && method.equals("GET")) {
            JsonArray inside = new JsonArray();
            WINDOWS.keySet().stream().sorted().map(FetcherApiTestResource::view).filter(w -> w.getBoolean("inside")).forEach(inside::add);
            respond(request, 200, inside);
            return;
        }
        if (path.equals("/api/night") && method.equals("GET")) {
            respond(request, 200, night);
            return;
        }
        String[] parts = path.split("/"); // "", api, districts, {id}, preview|window
        if (parts.length != 5 || !parts[2].equals("districts")) {
            respond(request, 404, new JsonObject().put("message", "no such endpoint"));
            return;
        }
        String districtId = parts[3];
        switch (method + " " + parts[4]) {
            case "GET preview" -> {
                JsonObject preview = PREVIEWS.get(districtId);
                respond(request, preview == null ? 404 : 200, preview == null ? new JsonObject().put("message", "district " + districtId + " is not linked") : preview);
            }
            case "GET window" -> respond(request, 200, view(districtId));
            // before its first completed full sync the fetcher answers "not-started", as for a district it has no cursor for
            case "GET live-updates" -> respond(request, 200, LIVE_UPDATES.getOrDefault(districtId,
                    liveUpdates(districtId, "not-started", "live updates start after the first completed full sync", null, null)));
            case "PUT window" -> {
                JsonObject set = new JsonObject(body);
                if (set.getString("startsOn") != null && set.getString("startsOn").compareTo(set.getString("endsOn", "")) > 0) {
                    respond(request, 400, new JsonObject().put("message", "a window needs startsOn and endsOn, endsOn not before startsOn"));
                    return;
                }
                WINDOWS.put(districtId, set);
                respond(request, 200, view(districtId));
            }
            case "DELETE window" -> {
                WINDOWS.remove(districtId);
                respond(request, 200, view(districtId));
            }
            default -> respond(request, 404, new JsonObject().put("message", "no such endpoint"));
        }
    }

    private static JsonObject view(String districtId) {
        LocalDate today = LocalDate.now(EASTERN);
        JsonObject set = WINDOWS.get(districtId);
        JsonObject view = new JsonObject().put("districtId", districtId).put("today", today.toString());
        if (set == null || !set.getBoolean("enabled", true)) {
            return view.put("source", "none").putNull("startsOn").putNull("endsOn").put("mode", "hold-removals").put("inside", false);
        }
        LocalDate from = LocalDate.parse(set.getString("startsOn"));
        LocalDate to = LocalDate.parse(set.getString("endsOn"));
        return view.put("source", "district").put("startsOn", from.toString()).put("endsOn", to.toString())
                .put("mode", set.getString("mode", "hold-removals")).put("inside", !today.isBefore(from) && !today.isAfter(to));
    }

    /** A three-part JWT naming the staff issuer and sync-fetcher as its audience; the real fetcher verifies the signature too. */
    private static boolean issuedForFetcher(String authorization, String issuer) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            Object audience = payload.getValue("aud");
            boolean forFetcher = audience instanceof JsonArray list ? list.contains("sync-fetcher") : "sync-fetcher".equals(audience);
            return issuer.equals(payload.getString("iss")) && forFetcher && "integration-requests".equals(payload.getString("sub"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void respond(HttpServerRequest request, int status, Object body) {
        String json = body instanceof JsonArray array ? array.encode() : ((JsonObject) body).encode();
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; the Vert.x threads end with the JVM.
    }
}
