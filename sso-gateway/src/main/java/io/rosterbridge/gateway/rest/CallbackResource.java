package io.rosterbridge.gateway.rest;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.gateway.client.RosterUnavailableException;
import io.rosterbridge.gateway.service.LoginFlow;
import io.rosterbridge.gateway.service.LoginResult;
import io.rosterbridge.gateway.service.LoginService;
import io.vertx.ext.web.RoutingContext;

/**
 * The redirect URI registered at Clever (the primary one: Portal and Instant Login logins arrive here too).
 * <p>
 * When the request carries this browser's {@code state}, quarkus-oidc has already redeemed the code and verified
 * the id_token (signature from JWKS, {@code iss}, {@code aud}, {@code exp}, {@code nonce}) before this runs.
 * Otherwise the identity is anonymous and the code is never redeemed here: a code without {@code state} is a
 * Clever-initiated login and the authorization restarts with a fresh {@code state} (Clever's guidance; a signed-in
 * Clever user sees no extra page); a code this gateway already redeemed is a replayed callback, which lands in the
 * app while its session lasts.
 */
@Path(CallbackResource.CALLBACK_PATH)
public class CallbackResource {

    public static final String CALLBACK_PATH = "/auth/callback";
    private static final Logger LOG = Logger.getLogger(CallbackResource.class);
    private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

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
    public Response callback(@RestQuery String code, @RestQuery String state, @RestQuery String error) {
        if (identity.isAnonymous()) {
            return unauthenticatedCallback(code, state, error);
        }
        LoginFlow flow = cookies.flow(context);
        Optional<String> returnPath = cookies.returnPath(context);
        cookies.finishLogin(context);
        cookies.discardOidcSession(context);
        LoginResult result;
        try {
            result = login.complete(idToken.getSubject(), flow, code, returnPath);
        } catch (RosterUnavailableException e) {
            LOG.errorf("Login of %s not decided: %s", idToken.getSubject(), e.getMessage());
            return pages.rosterUnavailable();
        }
        if (!result.allowed()) {
            return pages.refusal(result.decision().outcome());
        }
        // A newer Clever login replaces whatever session this browser had (shared devices).
        cookies.setSession(context, result.session());
        return redirect(result.target());
    }

    private Response unauthenticatedCallback(String code, String state, String error) {
        if (error != null) {
            String reason = OAUTH_ERROR_CODE.matcher(error).matches() ? error : "unreadable";
            login.providerError(cookies.flow(context), "authorization failed: " + reason);
            cookies.finishLogin(context);
            return pages.providerError();
        }
        if (code != null && login.alreadyRedeemed(code)) {
            Optional<URI> target = login.replayTarget(code, cookies.sessionToken(context));
            if (target.isPresent()) {
                return redirect(target.get());
            }
            cookies.startLogin(context, LoginFlow.LOG_IN_WITH_CLEVER, Optional.empty());
            throw new UnauthorizedException(); // replay without its session: sign in again, never redeem twice
        }
        if (code != null && state != null) {
            // A state we never issued to this browser (or its cookies are blocked): refuse rather than loop.
            login.providerError(cookies.flow(context), "callback state does not belong to this browser");
            cookies.finishLogin(context);
            return pages.providerError();
        }
        cookies.startLogin(context, code != null ? LoginFlow.INSTANT_LOGIN : LoginFlow.LOG_IN_WITH_CLEVER, Optional.empty());
        throw new UnauthorizedException(); // restart at Clever with a fresh state
    }

    private static Response redirect(URI target) {
        return Response.seeOther(target).header("Cache-Control", "no-store").build();
    }
}
