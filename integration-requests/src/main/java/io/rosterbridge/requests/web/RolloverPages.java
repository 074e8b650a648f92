package io.rosterbridge.requests.web;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.requests.client.FetcherApi.Preview;
import io.rosterbridge.requests.client.FetcherApi.Window;
import io.rosterbridge.requests.client.FetcherRefusedException;
import io.rosterbridge.requests.client.FetcherUnavailableException;
import io.rosterbridge.requests.client.Rollover;
import io.rosterbridge.requests.query.IntegrationQueries;
import io.rosterbridge.requests.query.Views.IntegrationDetail;
import io.rosterbridge.requests.query.Views.RunView;
import io.rosterbridge.requests.rest.Staff;

/**
 * Support's rollover pages, per district: the dry-run preview of a sync (what it would change now, nothing emitted)
 * and the back-to-school window, both read from sync-fetcher's API. When the fetcher does not answer the page says
 * so and offers to try again.
 */
// Rooted at /support like SupportConsole: a root path of its own would win the match for /support/integrations/{id}
// (JAX-RS picks the root resource with the longest literal prefix) and answer the district page with 404.
@Path("/support")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Staff.SUPPORT)
public class RolloverPages {

    static final String FETCHER_DOWN = "The sync fetcher is not answering right now, so this cannot be shown. Nothing was changed; try again in a minute.";
    static final List<String> CHANGE_KINDS = List.of("created", "updated", "removed", "restored");
    static final List<String> ENTITY_TYPES = List.of("district", "school", "user");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance preview(IntegrationDetail district, Preview preview, Window window, List<RunView> heldRuns,
                List<String> kinds, List<String> types, String error, String user);

        static native TemplateInstance window(IntegrationDetail district, Window window, String error, String notice, String user);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    IntegrationQueries queries;

    @Inject
    Rollover rollover;

    /** Computes the preview when the page is opened: it reads the whole district from Clever, so it is never prefetched. */
    @GET
    @Path("integrations/{id}/preview")
    public Response preview(@PathParam("id") UUID id) {
        IntegrationDetail district = queries.detail(id);
        List<RunView> held = district.runs().stream().filter(RunView::awaitingDecision).toList();
        if (district.link() == null || district.districtId() == null) {
            return page(409, Templates.preview(district, null, null, held, CHANGE_KINDS, ENTITY_TYPES,
                    "The district is not linked yet: link it first, then preview its first sync.", user()));
        }
        try {
            Preview preview = rollover.preview(district.districtId());
            return page(200, Templates.preview(district, preview, rollover.bannerOf(district.districtId()), held, CHANGE_KINDS, ENTITY_TYPES,
                    null, user()));
        } catch (FetcherUnavailableException e) {
            return page(503, Templates.preview(district, null, null, held, CHANGE_KINDS, ENTITY_TYPES, FETCHER_DOWN, user()));
        } catch (FetcherRefusedException e) {
            return page(409, Templates.preview(district, null, null, held, CHANGE_KINDS, ENTITY_TYPES, e.getMessage(), user()));
        }
    }

    @GET
    @Path("integrations/{id}/window")
    public Response window(@PathParam("id") UUID id, @QueryParam("notice") String notice) {
        IntegrationDetail district = queries.detail(id);
        if (district.districtId() == null) {
            return page(409, Templates.window(district, null, "The district has no Clever id yet: it has not authorised the app.", null, user()));
        }
        try {
            return page(200, Templates.window(district, rollover.window(district.districtId()), null, "saved".equals(notice) ? "Window saved." : null,
                    user()));
        } catch (FetcherUnavailableException e) {
            return page(503, Templates.window(district, null, FETCHER_DOWN, null, user()));
        } catch (FetcherRefusedException e) {
            return page(409, Templates.window(district, null, e.getMessage(), null, user()));
        }
    }

    /** action: save (startsOn, endsOn, mode), none (no window at all) or default (follow the global default). */
    @POST
    @Path("integrations/{id}/window")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveWindow(@PathParam("id") UUID id, @RestForm String action, @RestForm String startsOn, @RestForm String endsOn,
            @RestForm String mode) {
        IntegrationDetail district = queries.detail(id);
        String error;
        int status;
        try {
            if (district.districtId() == null) {
                throw new FetcherRefusedException("The district has no Clever id yet: it has not authorised the app.");
            }
            switch (action == null ? "save" : action) {
                case "none" -> rollover.optOut(district.districtId(), identity.getPrincipal().getName());
                case "default" -> rollover.reset(district.districtId());
                default -> rollover.setWindow(district.districtId(), date(startsOn, "Start"), date(endsOn, "End"), mode,
                        identity.getPrincipal().getName());
            }
            return Response.seeOther(URI.create("/support/integrations/" + id + "/window?notice=saved")).build();
        } catch (FetcherRefusedException e) {
            status = 400;
            error = e.getMessage();
        } catch (FetcherUnavailableException e) {
            status = 503;
            error = FETCHER_DOWN;
        }
        return page(status, Templates.window(district, null, error, null, user()));
    }

    private static LocalDate date(String value, String which) {
        try {
            return LocalDate.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw new FetcherRefusedException(which + " date must be a date (YYYY-MM-DD).");
        }
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
