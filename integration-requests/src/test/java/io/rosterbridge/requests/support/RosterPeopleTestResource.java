package io.rosterbridge.requests.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
 * Serves roster-writer's person API contract ({@code GET /api/people?q=}, {@code GET /api/people/{id}}) from people the
 * tests put in, and refuses requests without a bearer token issued by the staff provider for roster-writer (401, as
 * the real writer does). The search here matches any part of the name or the id: the real search is roster-writer's
 * (PersonSearchTest there). Points this service's rest client and its oidc-client "roster" here.
 */
public class RosterPeopleTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, JsonObject> PEOPLE = new ConcurrentHashMap<>();
    private static Vertx vertx;
    private static HttpServer server;

    /** A person as the read API returns it: one role in one school; archived when {@code archivedAt} is not null. */
    public static JsonObject person(String id, String districtId, String first, String last, String role, String schoolId,
            String schoolName, String archivedAt, String lastRunId) {
        return new JsonObject().put("id", id).put("districtId", districtId).put("districtName", null)
                .put("active", archivedAt == null).put("archivedAt", archivedAt)
                .put("name", new JsonObject().put("first", first).putNull("middle").put("last", last))
                .putNull("email")
                .put("roles", new JsonArray().add(new JsonObject().put("role", role).put("schoolIds", new JsonArray().add(schoolId))
                        .put("primarySchoolId", schoolId).put("sisId", "S-" + id.substring(0, 6)).put("attributes", new JsonObject())))
                .put("schools", new JsonArray().add(new JsonObject().put("id", schoolId).put("districtId", districtId)
                        .put("name", schoolName).putNull("sisId").putNull("schoolNumber").put("active", true)))
                .put("lastChangeAt", "2026-09-01T07:00:00Z")
                .put("lastRun", lastRunId == null ? null : new JsonObject().put("runId", lastRunId).put("completedAt", "2026-09-01T07:05:00Z"));
    }

    public static void put(JsonObject person) {
        PEOPLE.put(person.getString("id"), person);
    }

    @Override
    public synchronized Map<String, String> start() {
        String staffIssuer = StaffOidcTestResource.provider().issuerUrl();
        if (server == null) {
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer().requestHandler(request -> answer(request, staffIssuer))
                        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the roster person API fake", e);
            }
        }
        return Map.of(
                "quarkus.rest-client.roster-api.url", "http://localhost:" + server.actualPort(),
                "quarkus.oidc-client.roster.auth-server-url", staffIssuer,
                "quarkus.oidc-client.roster.credentials.secret", "test-only-secret");
    }

    private static void answer(HttpServerRequest request, String staffIssuer) {
        if (!issuedForRosterWriter(request.getHeader("Authorization"), staffIssuer)) {
            respond(request, 401, new JsonObject().put("message", "bearer token from the staff provider for roster-writer required"));
            return;
        }
        String prefix = "/api/people";
        if (request.path().equals(prefix)) {
            String query = request.getParam("q", "").toLowerCase(Locale.ROOT);
            if (query.length() < 2) {
                respond(request, 400, new JsonObject().put("message", "q must have at least 2 characters"));
                return;
            }
            List<JsonObject> found = PEOPLE.values().stream().filter(p -> p.getString("id").equals(query)
                    || (p.getJsonObject("name").getString("first") + " " + p.getJsonObject("name").getString("last"))
                            .toLowerCase(Locale.ROOT).contains(query)).toList();
            respond(request, 200, new JsonObject().put("data", new JsonArray(List.copyOf(found))).putNull("nextOffset"));
            return;
        }
        JsonObject person = PEOPLE.get(request.path().substring(prefix.length() + 1));
        if (person == null) {
            respond(request, 404, new JsonObject().put("message", "No user"));
        } else {
            respond(request, 200, person);
        }
    }

    /** A JWT naming the staff issuer and roster-writer as its audience; the real writer verifies the signature too. */
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
