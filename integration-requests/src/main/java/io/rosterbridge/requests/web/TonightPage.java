package io.rosterbridge.requests.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.requests.client.FetcherRefusedException;
import io.rosterbridge.requests.client.FetcherUnavailableException;
import io.rosterbridge.requests.query.Tonight;
import io.rosterbridge.requests.query.Tonight.NightView;
import io.rosterbridge.requests.rest.Staff;

/**
 * "Tonight": the latest nightly sync of every district (done, running, queued, failed, held, skipped), what needs
 * attention first, and when the night is expected to end. The page refreshes itself so support can leave it open;
 * when the fetcher does not answer it says so, and keeps refreshing until it does.
 */
// Rooted at /support like SupportConsole (see RolloverPages for why).
@Path("/support")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Staff.SUPPORT)
public class TonightPage {

    /** Seconds between refreshes: often enough to follow a night of five minutes, rare enough for 500 districts. */
    static final int REFRESH_SECONDS = 15;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance night(NightView night, int refreshSeconds, String error, String user);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    Tonight tonight;

    @GET
    @Path("tonight")
    public Response night() {
        String user = identity.getPrincipal().getName();
        try {
            return page(200, Templates.night(tonight.now(), REFRESH_SECONDS, null, user));
        } catch (FetcherUnavailableException e) {
            return page(503, Templates.night(null, REFRESH_SECONDS, RolloverPages.FETCHER_DOWN, user));
        } catch (FetcherRefusedException e) {
            return page(502, Templates.night(null, REFRESH_SECONDS, e.getMessage(), user));
        }
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
