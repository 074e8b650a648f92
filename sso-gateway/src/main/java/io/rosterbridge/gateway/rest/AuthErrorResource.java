package io.rosterbridge.gateway.rest;

import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.rosterbridge.gateway.service.LoginService;
import io.vertx.ext.web.RoutingContext;

/** Where quarkus-oidc sends an {@code error} returned by Clever's authorize endpoint (quarkus.oidc.authentication.error-path). */
@Path("/auth/error")
public class AuthErrorResource {

    private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    @Inject
    LoginService login;

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @Inject
    RoutingContext context;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response error(@RestQuery String error) {
        String reason = error != null && OAUTH_ERROR_CODE.matcher(error).matches() ? error : "unreadable";
        login.providerError(cookies.flow(context), "authorization failed: " + reason);
        cookies.finishLogin(context);
        return pages.providerError();
    }
}
