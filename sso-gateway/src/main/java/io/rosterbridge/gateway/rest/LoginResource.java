package io.rosterbridge.gateway.rest;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.security.UnauthorizedException;
import io.rosterbridge.gateway.service.CleverIds;
import io.rosterbridge.gateway.service.LoginFlow;
import io.rosterbridge.gateway.service.ReturnPath;
import io.vertx.ext.web.RoutingContext;

/**
 * "Log in with Clever": starts an app-initiated login. quarkus-oidc answers the challenge with the redirect to
 * Clever's authorize endpoint, with a fresh {@code state} and {@code nonce} (and the district hint, see
 * {@link DistrictHintRedirectFilter}).
 */
@Path(Pages.LOGIN_PATH)
public class LoginResource {

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @Inject
    RoutingContext context;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response login(@RestQuery("district_id") String districtId, @RestQuery("return_to") String returnTo) {
        if (districtId != null && !CleverIds.isValid(districtId)) {
            return pages.badRequest("district_id must be a Clever district id (24 hexadecimal characters).");
        }
        Optional<String> returnPath;
        try {
            returnPath = ReturnPath.parse(returnTo);
        } catch (IllegalArgumentException e) {
            return pages.badRequest("return_to must be a path on this site, such as /passes.");
        }
        cookies.startLogin(context, LoginFlow.LOG_IN_WITH_CLEVER, returnPath);
        throw new UnauthorizedException(); // the OIDC challenge: redirect to Clever
    }
}
