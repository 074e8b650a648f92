package io.rosterbridge.writer.rest;

import java.util.List;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.rosterbridge.writer.repository.PersonReader;
import io.rosterbridge.writer.service.PersonQueries;
import io.rosterbridge.writer.service.PersonQueries.PersonPage;
import io.rosterbridge.writer.service.RosterQueries.BadQuery;

/** Support's "why can't this student log in?": find a person across districts, then read their state. */
@Path("/api/people")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ RosterReaders.SUPPORT, RosterReaders.SERVICE })
@Tag(name = "People")
public class PersonResource {

    @Inject
    PersonQueries queries;

    @Inject
    RosterViews views;

    @GET
    @Operation(summary = "Find people in every district by name, email, Clever id or SIS id")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PersonPageView.class)))
    @APIResponse(responseCode = "400", description = "No query, one too short or long, a bad district, limit or offset", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    public PersonPageView search(
            @Parameter(description = "A Clever id; an email (prefix); one word: a first or last name prefix or a SIS id; two words: first and last name prefixes") @QueryParam("q") String q,
            @Parameter(description = "Only this district") @QueryParam("district") String district,
            @Parameter(description = "Page size, 1 to " + PersonQueries.MAX_PAGE) @QueryParam("limit") @DefaultValue("25") String limit,
            @Parameter(description = "The `nextOffset` of the previous page, at most " + PersonQueries.MAX_OFFSET) @QueryParam("offset") @DefaultValue("0") String offset) {
        PersonPage page = queries.search(q, district, number(limit, "limit"), number(offset, "offset"));
        return new PersonPageView(page.people().stream().map(row -> views.person(row, List.of(), null)).toList(), page.nextOffset());
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "One person: roster state, roles, schools and the sync run that last changed them")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "400", description = "Not a Clever id", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token from the staff OIDC provider for roster-writer")
    @APIResponse(responseCode = "403", description = "Neither support staff nor a platform service")
    @APIResponse(responseCode = "404", description = "Not in the roster", content = @Content(schema = @Schema(implementation = ErrorView.class)))
    public PersonView person(@PathParam("userId") String userId) {
        PersonQueries.Person person = queries.person(userId);
        return views.person(person.row(), person.schools(), person.district().map(PersonReader.District::name).orElse(null));
    }

    private static int number(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a number");
        }
    }
}
