package io.rosterbridge.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rosterbridge.gateway.service.SignedInPerson;
import io.vertx.ext.web.RoutingContext;

/**
 * The local stack's stand-in for the platform's apps (gateway.apps.*-url point here there): who is signed in on this
 * device — name, role, school — and a logout button, as Clever's SSO guidance asks of an app. Nobody signed in: a
 * page with the way to log in. The session as JSON stays at {@code /api/session}.
 */
@Path("/app")
public class LandingPage {

    @Inject
    SignedInPerson signedIn;

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @Inject
    @Location("landing.html")
    Template landing;

    @Inject
    RoutingContext context;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show() {
        return signedIn.of(cookies.sessionToken(context))
                .map(view -> Response.ok(landing.data("view", view).render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .header("Cache-Control", "no-store").build())
                .orElseGet(pages::notSignedIn);
    }
}
