package io.rosterbridge.gateway.rest;

import java.net.URI;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.rosterbridge.gateway.config.GatewayConfig;
import io.rosterbridge.gateway.service.LoginService;
import io.rosterbridge.gateway.service.ReturnPath;
import io.vertx.ext.web.RoutingContext;

/** Ends the platform session on this device (Clever documents no single logout); the apps' logout button points here. */
@Path("/logout")
public class LogoutResource {

    @Inject
    LoginService login;

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @Inject
    GatewayConfig config;

    @Inject
    RoutingContext context;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response logoutLink(@RestQuery("return_to") String returnTo) {
        return logout(returnTo);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response logout(@RestQuery("return_to") String returnTo) {
        Optional<String> returnPath;
        try {
            returnPath = ReturnPath.parse(returnTo);
        } catch (IllegalArgumentException e) {
            return pages.badRequest("return_to must be a path on this site, such as /signed-out.");
        }
        login.logout(cookies.sessionToken(context));
        cookies.clearSession(context);
        cookies.finishLogin(context);
        return Response.seeOther(URI.create(returnPath.orElse(config.apps().signedOutPath())))
                .header("Cache-Control", "no-store").build();
    }
}
