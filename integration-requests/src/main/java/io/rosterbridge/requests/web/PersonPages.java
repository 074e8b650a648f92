package io.rosterbridge.requests.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.requests.client.RosterPeople;
import io.rosterbridge.requests.people.PersonLookup;
import io.rosterbridge.requests.people.PersonLookup.Results;
import io.rosterbridge.requests.people.PersonReport;
import io.rosterbridge.requests.rest.Staff;
import io.rosterbridge.requests.service.NotFoundException;

/**
 * "Why can't this person log in?" in the support console: a search across the districts in the roster, and a
 * person's page with their roster record, their district's link, their login attempts and what to do next.
 */
@Path("/support/people")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Staff.SUPPORT)
public class PersonPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String query, Results results, String error, String user);

        static native TemplateInstance person(PersonReport report, String user);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    PersonLookup lookup;

    @GET
    public Response search(@QueryParam("q") String query, @QueryParam("offset") @DefaultValue("0") int offset) {
        if (query == null || query.isBlank()) {
            return page(200, Templates.search("", null, null, user()));
        }
        try {
            return page(200, Templates.search(query, lookup.search(query, offset), null, user()));
        } catch (RosterPeople.BadQuery e) {
            return page(400, Templates.search(query, null, e.getMessage(), user()));
        } catch (RosterPeople.Unavailable e) {
            return page(503, Templates.search(query, null, "The roster could not be searched just now; try again in a minute.", user()));
        }
    }

    @GET
    @Path("{cleverUserId}")
    public Response person(@PathParam("cleverUserId") String cleverUserId) {
        try {
            return page(200, Templates.person(lookup.person(cleverUserId), user()));
        } catch (NotFoundException e) {
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE)
                    .entity(ErrorPage.render("/support", "No such person", e.getMessage())).build();
        }
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
