package io.rosterbridge.requests.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * roster-writer's person search and person view; the bearer token comes from the staff provider by client
 * credentials (oidc-client "roster", client integration-requests, issued for roster-writer).
 */
@RegisterRestClient(configKey = "roster-api")
@OidcClientFilter("roster")
@Path("/api/people")
@Produces(MediaType.APPLICATION_JSON)
public interface RosterPeopleApi {

    @GET
    RosterPerson.Page search(@QueryParam("q") String query, @QueryParam("limit") int limit, @QueryParam("offset") int offset);

    @GET
    @Path("/{userId}")
    RosterPerson person(@PathParam("userId") String userId);
}
