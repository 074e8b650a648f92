package io.rosterbridge.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Serves roster-writer's read API contract ({@code GET /api/users/{id}}) from users the tests put in, and refuses
 * requests without a bearer token issued by the staff provider for roster-writer (401, as the real writer does).
 * Points the gateway's rest client there, and its oidc-client "roster" at the staff provider
 * ({@link StaffOidcTestResource}).
 */
public class RosterApiTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, JsonObject> USERS = new ConcurrentHashMap<>();
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger AUTHORIZED_READS = new AtomicInteger();
    private static final AtomicInteger REFUSED_READS = new AtomicInteger();
    private static Vertx vertx;
    private static HttpServer server;

    /** A user as the read API returns it. */
    public static JsonObject user(String id, String districtId, boolean active, String role, List<String> schoolIds) {
        return new JsonObject()
                .put("id", id)
                .put("districtId", districtId)
                .put("active", active)
                .put("name", new JsonObject().put("first", "Test").putNull("middle").put("last", "User"))
                .putNull("email")
                .put("roles", new JsonArray().add(new JsonObject()
                        .put("role", role)
                        .put("schoolIds", new JsonArray(schoolIds))
                        .put("primarySchoolId", schoolIds.isEmpty() ? null : schoolIds.get(0))
                        .putNull("sisId")
                        .put("attributes", new JsonObject())))
                .put("schoolIds", new JsonArray(schoolIds))
                .put("updatedAt", "2026-09-01T07:00:00Z");
    }

    public static void put(JsonObject user) {
        USERS.put(user.getString("id"), user);
    }

    public static void forget(String userId) {
        USERS.remove(userId);
        FAILING.remove(userId);
    }

    /** Reads of this user fail with 503, as when roster-writer is down. */
    public static void failReadsOf(String userId) {
        FAILING.add(userId);
    }

    public static int authorizedReads() {
        return AUTHORIZED_READS.get();
    }

    public static int refusedReads() {
        return REFUSED_READS.get();
    }

    @Override
    public synchronized Map<String, String> start() {
        String staffIssuer = StaffOidcTestResource.provider().issuerUrl();
        if (server == null) {
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer()
                        .requestHandler(request -> answer(request, staffIssuer))
                        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the roster read API fake", e);
            }
        }
        return Map.of(
                "quarkus.rest-client.roster-api.url", "http://localhost:" + server.actualPort(),
                "quarkus.oidc-client.roster.auth-server-url", staffIssuer,
                "quarkus.oidc-client.roster.client-id", "sso-gateway",
                "quarkus.oidc-client.roster.credentials.secret", "test-only-secret");
    }

    private static void answer(HttpServerRequest request, String staffIssuer) {
        if (!issuedForRosterWriter(request.getHeader("Authorization"), staffIssuer)) {
            REFUSED_READS.incrementAndGet();
            respond(request, 401, new JsonObject().put("message", "bearer token from the staff provider for roster-writer required"));
            return;
        }
        String prefix = "/api/users/";
        String people = "/api/people/";
        if ("GET".equals(request.method().name()) && request.path().startsWith(people)) {
            JsonObject user = USERS.get(request.path().substring(people.length()));
            if (user == null) {
                respond(request, 404, new JsonObject().put("message", "No user"));
            } else {
                respond(request, 200, person(user));
            }
            return;
        }
        if (!"GET".equals(request.method().name()) || !request.path().startsWith(prefix)) {
            respond(request, 404, new JsonObject().put("message", "no such endpoint"));
            return;
        }
        AUTHORIZED_READS.incrementAndGet();
        String userId = request.path().substring(prefix.length());
        JsonObject user = USERS.get(userId);
        if (FAILING.contains(userId)) {
            respond(request, 503, new JsonObject().put("message", "roster-writer is unavailable"));
        } else if (user == null) {
            respond(request, 404, new JsonObject().put("message", "user not found"));
        } else {
            respond(request, 200, user);
        }
    }

    /** The person view ({@code GET /api/people/{id}}) of a user: the same fields, schools named after their ids. */
    private static JsonObject person(JsonObject user) {
        JsonArray schools = new JsonArray();
        user.getJsonArray("schoolIds").forEach(id -> schools.add(new JsonObject().put("id", id).put("name", schoolName((String) id))));
        return user.copy().put("schools", schools);
    }

    /** The name the fake gives a school. */
    public static String schoolName(String schoolId) {
        return "School " + schoolId.substring(0, 6);
    }

    /**
     * A three-part JWT whose payload names the staff issuer and roster-writer as its audience; the real writer
     * verifies the signature too, and the caller's role.
     */
    private static boolean issuedForRosterWriter(String authorization, String issuer) {
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
            boolean forRosterWriter = audience instanceof JsonArray list ? list.contains("roster-writer") : "roster-writer".equals(audience);
            return issuer.equals(payload.getString("iss")) && forRosterWriter;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void respond(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; the Vert.x threads end with the JVM.
    }
}
