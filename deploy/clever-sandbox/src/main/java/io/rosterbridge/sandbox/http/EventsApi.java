package io.rosterbridge.sandbox.http;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;

import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.events.EventLog;
import io.rosterbridge.sandbox.events.SandboxEvent;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.render.ApiJson;
import io.rosterbridge.sandbox.render.Timestamps;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Clever Events API: {@code GET /v3.0/events} ({@code starting_after}, {@code ending_before} incl.
 * {@code last}, {@code limit}, {@code school}, repeated {@code record_type}), oldest first, and
 * {@code GET /v3.0/events/{id}}. Items: {@code {"data":{"id","type","created","data":{"object",
 * "previous_attributes"}},"uri"}} (previous_attributes inside data, as in Clever's real payloads).
 */
public final class EventsApi {

    private static final Set<String> RECORD_TYPES = Set.of("courses", "districts", "resources", "schools", "sections",
            "terms", "users");

    private final SandboxWorld world;

    public EventsApi(SandboxWorld world) {
        this.world = world;
    }

    public void mount(Router router) {
        router.get("/v3.0/events").handler(ctx -> guarded(ctx, this::list));
        router.get("/v3.0/events/:id").handler(ctx -> guarded(ctx, this::one));
    }

    private interface Handler {
        void handle(RoutingContext ctx, EventLog log);
    }

    private void guarded(RoutingContext ctx, Handler handler) {
        String token = Responses.bearer(ctx);
        DistrictData data = token == null ? null : world.byToken(token);
        if (data == null) {
            Responses.message(ctx, 401, token == null ? "Authorization header with a bearer token is required"
                    : "Invalid bearer token (the Events API needs a district-app token)");
            return;
        }
        try {
            // a disabled app or district sees no events at all (Clever: "a disabled app sees no events")
            handler.handle(ctx, world.eventsEnabled(data.id()) ? world.events(data.id()) : EventLog.EMPTY);
        } catch (ApiError e) {
            Responses.message(ctx, e.status(), e.getMessage());
        }
    }

    private void list(RoutingContext ctx, EventLog log) {
        Paging paging = Paging.of(ctx);
        // a cursor that is unknown or has aged out of the retention window: 404, and the app must resync
        if (paging.startingAfter() != null && !log.retained().containsKey(paging.startingAfter())) {
            throw ApiError.notFound();
        }
        String school = ctx.queryParams().get("school");
        Set<String> recordTypes = new HashSet<>();
        for (String value : ctx.queryParams().getAll("record_type")) {
            for (String type : value.split(",")) {
                if (type.isBlank()) {
                    continue;
                }
                if (!RECORD_TYPES.contains(type.trim())) {
                    throw ApiError.badRequest("record_type must be one of " + RECORD_TYPES);
                }
                recordTypes.add(type.trim());
            }
        }
        Paging.Page<SandboxEvent> page = paging.collect(log.retained(),
                e -> EventLog.matches(e, school == null || school.isEmpty() ? null : school, recordTypes));
        ListWriter.write(ctx, world.faults(), "events", paging, page, EventsApi::event);
    }

    private void one(RoutingContext ctx, EventLog log) {
        SandboxEvent event = log.retained().get(ctx.pathParam("id"));
        if (event == null) {
            throw ApiError.notFound();
        }
        byte[] json = ApiJson.toBytes(g -> {
            g.writeStartObject();
            g.writeFieldName("data");
            event(g, event);
            g.writeArrayFieldStart("links");
            g.writeStartObject();
            g.writeStringField("rel", "self");
            g.writeStringField("uri", ApiJson.uri("events", event.id()));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON)
                .end(io.vertx.core.buffer.Buffer.buffer(json));
    }

    static void event(JsonGenerator g, SandboxEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", event.id());
        g.writeStringField("type", event.type());
        g.writeStringField("created", Timestamps.format(event.created()));
        g.writeObjectFieldStart("data");
        g.writeFieldName("object");
        g.writeRawValue(event.objectJson());
        if (event.before() != null) {
            g.writeFieldName("previous_attributes");
            g.writeRawValue(event.previousAttributes().encode());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
