package io.rosterbridge.writer.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.rosterbridge.writer.service.RosterQueries;
import io.rosterbridge.writer.service.RosterQueries.UserFilter;
import io.rosterbridge.writer.service.RosterQueries.UserPage;

@Path("/api/districts/{districtId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ RosterReaders.SUPPORT, RosterReaders.SERVICE })
@Tag(name = "Roster")
public class DistrictResource {

    @Inject
    RosterQueries queries;

    @Inject
    RosterViews views;

    @GET
    @Path("/users")
    @Operation(summary = "Users of a district, in id order, a page at a time")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PageView.class)))
    @APIResponse(responseCode = "400", description = "A bad id, filter or limit", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    public PageView users(@PathParam("districtId") String districtId,
            @Parameter(description = "Only members of this school (through any role)") @QueryParam("school") String school,
            @Parameter(description = "Only users holding this role") @QueryParam("role") String role,
            @Parameter(description = "true: active only; false: archived only; absent: both",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("active") String active,
            @Parameter(description = "Page size, 1 to " + RosterQueries.MAX_PAGE) @QueryParam("limit") @DefaultValue("100") String limit,
            @Parameter(description = "The `next` of the previous page") @QueryParam("after") String after) {
        UserPage page = queries.users(districtId, new UserFilter(school, role, parseActive(active)), parseLimit(limit), after);
        return new PageView(page.users().stream().map(views::user).toList(), page.next());
    }

    @GET
    @Path("/schools")
    @Operation(summary = "Schools of a district, active and archived")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SchoolListView.class)))
    @APIResponse(responseCode = "400", description = "Not a Clever id", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    public SchoolListView schools(@PathParam("districtId") String districtId) {
        return new SchoolListView(queries.schools(districtId).stream().map(views::school).toList());
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Active and archived users per school and role, and the district's active total")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CountsView.class)))
    @APIResponse(responseCode = "400", description = "Not a Clever id", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    public CountsView counts(@PathParam("districtId") String districtId) {
        return views.counts(districtId, queries.counts(districtId));
    }

    private static Boolean parseActive(String active) {
        if (active == null || active.isEmpty()) {
            return null;
        }
        return switch (active) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new RosterQueries.BadQuery("active must be true or false");
        };
    }

    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new RosterQueries.BadQuery("limit must be a number");
        }
    }
}
