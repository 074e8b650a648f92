package io.rosterbridge.gateway.rest;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.rosterbridge.gateway.service.SessionTokens;
import io.vertx.ext.web.RoutingContext;

/** Who is signed in on this device (apps show it), the key apps verify sessions with, and the signed-out page. */
@Path("/")
public class SessionResource {

    @Inject
    SessionTokens sessions;

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @Inject
    RoutingContext context;

    @GET
    @Path("api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public Response current() {
        return sessions.verify(cookies.sessionToken(context))
                .map(claims -> Response.ok(claims).header("Cache-Control", "no-store").build())
                .orElseGet(() -> Response.status(Response.Status.UNAUTHORIZED)
                        .entity(Map.of("message", "no active session on this device")).build());
    }

    @GET
    @Path(".well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return sessions.publicJwks();
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public Response signedOut() {
        return pages.signedOut();
    }
}
