package io.rosterbridge.writer.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.rosterbridge.writer.service.RosterQueries;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ RosterReaders.SUPPORT, RosterReaders.SERVICE })
@Tag(name = "Roster")
public class UserResource {

    @Inject
    RosterQueries queries;

    @Inject
    RosterViews views;

    @GET
    @Path("/{userId}")
    @Operation(summary = "One user by Clever id, active or archived (the sso-gateway resolves logins with it)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "Not a Clever id", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    @APIResponse(responseCode = "404", description = "Unknown user", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    public UserView user(@PathParam("userId") String userId) {
        return views.user(queries.user(userId));
    }
}
