package io.rosterbridge.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/** roster-writer's read API; the bearer token comes from the staff provider by client credentials (client "roster"). */
@RegisterRestClient(configKey = "roster-api")
@OidcClientFilter("roster")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface RosterApi {

    @GET
    @Path("/users/{userId}")
    RosterUser user(@PathParam("userId") String userId);

    /** The user with names and school names, for the landing page. */
    @GET
    @Path("/people/{userId}")
    RosterPerson person(@PathParam("userId") String userId);
}
