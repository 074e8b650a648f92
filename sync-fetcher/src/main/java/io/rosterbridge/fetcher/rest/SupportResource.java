package io.rosterbridge.fetcher.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.fetcher.service.EventFeed;
import io.rosterbridge.fetcher.service.SupportService;

/** Support's endpoints; staff tokens with "support" in groups only. */
@Path("/api")
@RolesAllowed("support")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

    /** Optional body of the POST endpoints: {"reason": "..."}. */
    public record ReasonBody(String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final SupportService support;
    private final EventFeed eventFeed;
    private final SecurityIdentity identity;

    public SupportResource(SupportService support, EventFeed eventFeed, SecurityIdentity identity) {
        this.support = support;
        this.eventFeed = eventFeed;
        this.identity = identity;
    }

    @GET
    @Path("/districts/{districtId}/live-updates")
    public LiveUpdatesView liveUpdates(@PathParam("districtId") String districtId) {
        String id = districtId(districtId);
        return eventFeed.status(id).map(LiveUpdatesView::of).orElseGet(() -> LiveUpdatesView.notStarted(id));
    }

    @POST
    @Path("/districts/{districtId}/syncs")
    public Response startSync(@PathParam("districtId") String districtId, String body) {
        var submission = support.requestSync(districtId(districtId), identity.getPrincipal().getName(), reason(body));
        return Response.accepted(Map.of("districtId", districtId, "submission", submission.name().toLowerCase().replace('_', '-'))).build();
    }

    @GET
    @Path("/districts/{districtId}/runs")
    public List<RunView> runs(@PathParam("districtId") String districtId, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 50 : limit;
        if (max < 1 || max > 500) {
            throw new BadRequestException("limit must be between 1 and 500");
        }
        return support.runs(districtId(districtId), max).stream().map(RunView::of).toList();
    }

    @POST
    @Path("/runs/{runId}/approve")
    public Response approve(@PathParam("runId") String runId, String body) {
        var run = support.approve(runId(runId), identity.getPrincipal().getName(), reason(body));
        return Response.accepted(Map.of("runId", runId, "districtId", run.districtId(), "decision", "approve")).build();
    }

    @POST
    @Path("/runs/{runId}/discard")
    public Response discard(@PathParam("runId") String runId, String body) {
        var run = support.discard(runId(runId), identity.getPrincipal().getName(), reason(body));
        return Response.accepted(Map.of("runId", runId, "districtId", run.districtId(), "decision", "discard")).build();
    }

    static String districtId(String id) {
        if (id == null || !id.matches("[0-9a-f]{24}")) {
            throw new BadRequestException("district id must be 24 lowercase hex characters");
        }
        return id;
    }

    private static UUID runId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("run id must be a UUID");
        }
    }

    /** The body is optional, so any content type is accepted; when present it must be {"reason": "..."}. */
    private static String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(body, ReasonBody.class).reason();
        } catch (Exception e) {
            throw new BadRequestException("body must be JSON like {\"reason\": \"...\"}");
        }
    }
}
