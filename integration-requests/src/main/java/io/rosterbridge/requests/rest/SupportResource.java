package io.rosterbridge.requests.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.requests.linking.LinkingService;
import io.rosterbridge.requests.query.IntegrationQueries;
import io.rosterbridge.requests.query.Views;
import io.rosterbridge.requests.sharing.ConnectionMonitor;
import io.rosterbridge.requests.sync.SyncService;

/** The staff JSON API (bearer token from the staff OIDC provider): districts, sharing, linking, syncs. */
@Path("/api/support/integrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Staff.SUPPORT)
public class SupportResource {

    public record LinkRequest(String organisationId, List<String> licensedSchoolIds) {
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    IntegrationQueries queries;

    @Inject
    ConnectionMonitor monitor;

    @Inject
    LinkingService linking;

    @Inject
    SyncService sync;

    @GET
    @RolesAllowed({ Staff.SUPPORT, Staff.CSM })
    public List<Views.IntegrationSummary> list(@QueryParam("state") String state) {
        return queries.list(state);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Staff.SUPPORT, Staff.CSM })
    public Views.IntegrationDetail detail(@PathParam("id") UUID id) {
        return queries.detail(id);
    }

    @POST
    @Path("/{id}/check")
    public Views.IntegrationDetail check(@PathParam("id") UUID id) {
        queries.detail(id);
        monitor.checkOne(id, Staff.actor(identity));
        return queries.detail(id);
    }

    @PUT
    @Path("/{id}/link")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Views.IntegrationDetail link(@PathParam("id") UUID id, LinkRequest request) {
        LinkRequest body = request == null ? new LinkRequest(null, List.of()) : request;
        linking.link(id, body.organisationId(), body.licensedSchoolIds(), Staff.actor(identity));
        return queries.detail(id);
    }

    @POST
    @Path("/{id}/sync")
    public Response syncNow(@PathParam("id") UUID id) {
        UUID commandId = sync.requestSync(id, Staff.actor(identity));
        return Response.accepted(Map.of("commandId", commandId.toString())).build();
    }

    @POST
    @Path("/{id}/runs/{runId}/approve")
    public Response approve(@PathParam("id") UUID id, @PathParam("runId") UUID runId) {
        return Response.accepted(Map.of("commandId", sync.decideHeld(id, runId, true, Staff.actor(identity)).toString())).build();
    }

    @POST
    @Path("/{id}/runs/{runId}/discard")
    public Response discard(@PathParam("id") UUID id, @PathParam("runId") UUID runId) {
        return Response.accepted(Map.of("commandId", sync.decideHeld(id, runId, false, Staff.actor(identity)).toString())).build();
    }

    @POST
    @Path("/{id}/pause")
    public Views.IntegrationDetail pause(@PathParam("id") UUID id) {
        linking.pause(id, Staff.actor(identity));
        return queries.detail(id);
    }

    @POST
    @Path("/{id}/resume")
    public Views.IntegrationDetail resume(@PathParam("id") UUID id) {
        linking.resume(id, Staff.actor(identity));
        return queries.detail(id);
    }
}
