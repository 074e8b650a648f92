package io.rosterbridge.sandbox.http;

import java.util.List;
import java.util.function.Function;

import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.Faults;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox's own admin API under {@code /sandbox} (not Clever's): tests and demos change the world
 * with it. JSON in and out; bad input is a 400 {@code {"message"}}, unknown ids 404, nothing half-applied.
 * Unauthenticated by design: the sandbox binds to localhost unless told otherwise.
 */
public final class AdminApi {

    /** A fleet of 5,000 districts holds about 10M users: more than the sandbox's heap should ever be asked for. */
    private static final int MAX_FLEET = 5_000;

    private final Vertx vertx;
    private final CleverSandbox sandbox;
    private final SandboxWorld world;

    public AdminApi(Vertx vertx, CleverSandbox sandbox) {
        this.vertx = vertx;
        this.sandbox = sandbox;
        this.world = sandbox.world();
    }

    public void mount(Router router) {
        router.get("/sandbox").handler(ctx -> reply(ctx, c -> new JsonObject()
                .put("baseUrl", sandbox.baseUrl()).put("clientId", sandbox.clientId())
                .put("redirectUris", new JsonArray(sandbox.redirectUris()))
                .put("demoDistrictId", sandbox.demoDistrictId())));
        router.post("/sandbox/redirect-uris").handler(ctx -> reply(ctx, c -> {
            sandbox.addRedirectUri(required(body(c), "uri"));
            return new JsonObject().put("redirectUris", new JsonArray(sandbox.redirectUris()));
        }));
        router.get("/sandbox/districts").handler(ctx -> reply(ctx, c -> {
            JsonArray out = new JsonArray();
            for (String id : world.districtIds()) {
                out.add(district(id));
            }
            return new JsonObject().put("data", out);
        }));
        router.post("/sandbox/districts").handler(this::generate);
        router.post("/sandbox/fleet").handler(this::generateFleet);
        router.get("/sandbox/requests").handler(ctx -> reply(ctx, c -> requests()));
        router.get("/sandbox/districts/:id").handler(ctx -> reply(ctx, c -> district(c.pathParam("id"))));
        router.post("/sandbox/districts/:id/connect").handler(ctx -> reply(ctx, c ->
                new JsonObject().put("accessToken", world.connect(c.pathParam("id")))));
        router.post("/sandbox/districts/:id/disconnect").handler(ctx -> reply(ctx, c -> {
            world.disconnect(c.pathParam("id"));
            return district(c.pathParam("id"));
        }));
        router.post("/sandbox/districts/:id/schools/:school/share").handler(ctx -> reply(ctx, c -> {
            world.shareSchool(c.pathParam("id"), c.pathParam("school"));
            return district(c.pathParam("id"));
        }));
        router.post("/sandbox/districts/:id/schools/:school/unshare").handler(ctx -> reply(ctx, c -> {
            world.unshareSchool(c.pathParam("id"), c.pathParam("school"));
            return district(c.pathParam("id"));
        }));
        router.post("/sandbox/districts/:id/roles/:role/share").handler(ctx -> reply(ctx, c -> {
            world.shareRole(c.pathParam("id"), c.pathParam("role"));
            return district(c.pathParam("id"));
        }));
        router.post("/sandbox/districts/:id/roles/:role/unshare").handler(ctx -> reply(ctx, c -> {
            world.unshareRole(c.pathParam("id"), c.pathParam("role"));
            return district(c.pathParam("id"));
        }));
        router.post("/sandbox/districts/:id/new-school-year").handler(ctx -> blocking(ctx, c -> {
            world.newSchoolYear(c.pathParam("id"));
            return district(c.pathParam("id"));
        }));
        router.get("/sandbox/districts/:id/schools").handler(ctx -> reply(ctx, c ->
                new JsonObject().put("data", new JsonArray(world.schoolIds(c.pathParam("id"))))));
        router.get("/sandbox/districts/:id/users").handler(ctx -> blocking(ctx, c ->
                new JsonObject().put("data", new JsonArray(world.userIds(c.pathParam("id"), c.queryParams().get("role"))))));
        router.post("/sandbox/districts/:id/users").handler(ctx -> reply(ctx, c -> {
            JsonObject body = body(c);
            JsonArray schools = body.getJsonArray("schoolIds", new JsonArray());
            String id = world.addUser(c.pathParam("id"), Role.parse(required(body, "role")),
                    schools.stream().map(String::valueOf).toList(), required(body, "first"), required(body, "last"),
                    body.getString("email"));
            return user(id);
        }));
        router.get("/sandbox/users/:id").handler(ctx -> reply(ctx, c -> user(c.pathParam("id"))));
        router.patch("/sandbox/users/:id").handler(ctx -> reply(ctx, c -> {
            JsonObject body = body(c);
            String id = c.pathParam("id");
            if (body.containsKey("first") || body.containsKey("last")) {
                User current = existingUser(id);
                world.renameUser(id, body.getString("first", current.first()), body.getString("last", current.last()));
            }
            if (body.containsKey("email")) {
                world.changeEmail(id, body.getString("email"));
            }
            return user(id);
        }));
        router.delete("/sandbox/users/:id").handler(ctx -> reply(ctx, c -> {
            world.removeUser(c.pathParam("id"));
            return new JsonObject().put("removed", c.pathParam("id"));
        }));
        router.post("/sandbox/users/:id/share").handler(ctx -> reply(ctx, c -> {
            world.shareUser(c.pathParam("id"));
            return user(c.pathParam("id"));
        }));
        router.post("/sandbox/users/:id/unshare").handler(ctx -> reply(ctx, c -> {
            world.unshareUser(c.pathParam("id"));
            return user(c.pathParam("id"));
        }));
        router.post("/sandbox/users/:id/move").handler(ctx -> reply(ctx, c -> {
            world.moveStudent(c.pathParam("id"), required(body(c), "schoolId"));
            return user(c.pathParam("id"));
        }));
        router.get("/sandbox/users/:id/instant-login").handler(ctx -> reply(ctx, c ->
                new JsonObject().put("url", sandbox.instantLoginUrl(c.pathParam("id")))));
        router.put("/sandbox/events").handler(ctx -> reply(ctx, c -> {
            boolean enabled = requiredBoolean(body(c), "enabled");
            world.setEventsEnabled(enabled);
            return new JsonObject().put("enabled", enabled);
        }));
        router.put("/sandbox/districts/:id/events").handler(ctx -> reply(ctx, c -> {
            boolean enabled = requiredBoolean(body(c), "enabled");
            world.setEventsEnabled(c.pathParam("id"), enabled);
            return new JsonObject().put("enabled", world.eventsEnabled(c.pathParam("id")));
        }));
        router.get("/sandbox/faults").handler(ctx -> reply(ctx, c -> faults()));
        router.put("/sandbox/faults").handler(ctx -> reply(ctx, c -> {
            JsonObject body = body(c);
            Faults faults = world.faults();
            long latency = body.getLong("latencyMillis", faults.latencyMillis());
            double rate429 = body.getDouble("rate429", faults.rate429());
            double rate5xx = body.getDouble("rate5xx", faults.rate5xx());
            int truncate = body.getInteger("truncateNextPages", faults.pendingTruncations());
            if (latency < 0 || rate429 < 0 || rate429 > 1 || rate5xx < 0 || rate5xx > 1 || truncate < 0) {
                throw ApiError.badRequest("latencyMillis >= 0, rates between 0 and 1, truncateNextPages >= 0");
            }
            faults.setLatencyMillis(latency).setRate429(rate429).setRate5xx(rate5xx).truncateNextPages(truncate);
            return faults();
        }));
        router.delete("/sandbox/faults").handler(ctx -> reply(ctx, c -> {
            world.faults().clear();
            return faults();
        }));
        router.route("/sandbox/*").handler(ctx -> Responses.message(ctx, 404, "Not Found"));
    }

    private void generate(RoutingContext ctx) {
        blocking(ctx, c -> {
            JsonObject body = body(c);
            int users = body.getInteger("users", 1000);
            if (users < 1 || users > 5_000_000) {
                throw ApiError.badRequest("users must be between 1 and 5000000");
            }
            long started = System.nanoTime();
            String id = world.generateDistrict(body.getString("name", "Generated District"), users,
                    body.getLong("seed", 1L));
            return district(id).put("generatedInMillis", (System.nanoTime() - started) / 1_000_000);
        });
    }

    private void generateFleet(RoutingContext ctx) {
        blocking(ctx, c -> {
            JsonObject body = body(c);
            int districts = body.getInteger("districts", 0);
            if (districts < 1 || districts > MAX_FLEET) {
                throw ApiError.badRequest("districts must be between 1 and " + MAX_FLEET);
            }
            long started = System.nanoTime();
            List<SandboxWorld.FleetDistrict> fleet = world.generateFleet(districts, body.getLong("seed", 1L));
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonArray out = new JsonArray();
            long users = 0;
            for (SandboxWorld.FleetDistrict district : fleet) {
                out.add(new JsonObject().put("id", district.id()).put("name", district.name())
                        .put("users", district.users()).put("accessToken", district.accessToken()));
                users += district.users();
            }
            return new JsonObject().put("districts", fleet.size()).put("users", users)
                    .put("generatedInMillis", millis).put("data", out);
        });
    }

    private JsonObject requests() {
        RequestCounts counts = sandbox.requestCounts();
        JsonArray perDistrict = new JsonArray();
        counts.peakPerDistrict().forEach((district, peak) -> perDistrict.add(new JsonObject()
                .put("districtId", district).put("peakPerMinute", peak)));
        JsonArray perMinute = new JsonArray();
        counts.appPerMinute().forEach((minute, requests) -> perMinute.add(new JsonObject()
                .put("minute", minute.toString()).put("requests", requests)));
        return new JsonObject().put("limitPerMinute", counts.limitPerMinute())
                .put("maxPerTokenMinute", counts.maxPerTokenMinute())
                .put("districts", perDistrict).put("appPerMinute", perMinute);
    }

    private JsonObject district(String id) {
        DistrictData data = world.districtData(id);
        if (data == null) {
            throw new ApiError(404, "unknown district " + id);
        }
        return world.read(() -> new JsonObject()
                .put("id", id)
                .put("name", data.district().name())
                .put("connected", data.connected())
                .put("accessToken", data.connected() ? data.connection().accessToken() : null)
                .put("users", data.users().size())
                .put("schools", data.schools().size())
                .put("sections", data.sections().size())
                .put("schoolYear", data.schoolYear())
                .put("unsharedSchools", new JsonArray(List.copyOf(data.unsharedSchools())))
                .put("sharedRoles", new JsonArray(data.sharedRoles().stream().map(Role::apiName).toList())));
    }

    private JsonObject user(String id) {
        User user = existingUser(id);
        JsonArray roles = new JsonArray();
        for (Role role : Role.values()) {
            if (user.hasRole(role)) {
                roles.add(role.apiName());
            }
        }
        return new JsonObject().put("id", user.id()).put("districtId", user.districtId()).put("first", user.first())
                .put("last", user.last()).put("email", user.email()).put("roles", roles)
                .put("schoolIds", new JsonArray(List.copyOf(user.allSchools())));
    }

    private User existingUser(String id) {
        User user = world.user(id);
        if (user == null) {
            throw new ApiError(404, "unknown user " + id);
        }
        return user;
    }

    private JsonObject faults() {
        Faults faults = world.faults();
        return new JsonObject().put("latencyMillis", faults.latencyMillis()).put("rate429", faults.rate429())
                .put("rate5xx", faults.rate5xx()).put("truncateNextPages", faults.pendingTruncations());
    }

    private static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        try {
            JsonObject json = ctx.body().asJsonObject();
            return json == null ? new JsonObject() : json;
        } catch (RuntimeException e) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
    }

    private static boolean requiredBoolean(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Boolean value)) {
            throw ApiError.badRequest(field + " (true or false) is required");
        }
        return value;
    }

    private static String required(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiError.badRequest(field + " is required");
        }
        return text;
    }

    private void reply(RoutingContext ctx, Function<RoutingContext, JsonObject> action) {
        try {
            Responses.json(ctx, 200, action.apply(ctx));
        } catch (RuntimeException e) {
            error(ctx, e);
        }
    }

    /** For actions that may take a while (generation, rollover): run off the event loop. */
    private void blocking(RoutingContext ctx, Function<RoutingContext, JsonObject> action) {
        vertx.<JsonObject>executeBlocking(() -> action.apply(ctx), false).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, result.result());
            } else if (result.cause() instanceof RuntimeException e) {
                error(ctx, e);
            } else {
                Responses.message(ctx, 500, "internal error");
            }
        });
    }

    private static void error(RoutingContext ctx, RuntimeException e) {
        if (e instanceof ApiError api) {
            Responses.message(ctx, api.status(), api.getMessage());
        } else if (e instanceof SandboxWorld.UnknownRecordException) {
            Responses.message(ctx, 404, e.getMessage());
        } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof ClassCastException) {
            Responses.message(ctx, 400, e.getMessage());
        } else {
            throw e;
        }
    }
}
