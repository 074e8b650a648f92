package io.rosterbridge.gateway.rest;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.gateway.config.GatewayConfig;
import io.rosterbridge.gateway.service.IssuedSession;
import io.rosterbridge.gateway.service.LoginFlow;
import io.rosterbridge.gateway.service.ReturnPath;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's cookies: the platform session, and two short-lived ones that carry a login across the trip to
 * Clever (which flow started it, and the validated return path). All HttpOnly and SameSite=Lax, which the
 * top-level redirect back from Clever needs; Secure unless configured off for plain-http local runs.
 */
@ApplicationScoped
public class LoginCookies {

    static final String FLOW = "rb_login_flow";
    static final String RETURN_PATH = "rb_login_return";
    /** quarkus-oidc's session cookie of the default tenant. */
    static final String OIDC_SESSION = "q_session";
    /** A login that takes longer than this at Clever starts over. */
    static final long LOGIN_COOKIE_SECONDS = 600;

    @Inject
    GatewayConfig config;

    public void startLogin(RoutingContext context, LoginFlow flow, Optional<String> returnPath) {
        context.response().addCookie(cookie(FLOW, flow.wireName(), LOGIN_COOKIE_SECONDS));
        if (returnPath.isPresent()) {
            context.response().addCookie(cookie(RETURN_PATH, URLEncoder.encode(returnPath.get(), StandardCharsets.UTF_8),
                    LOGIN_COOKIE_SECONDS));
        } else {
            expire(context, RETURN_PATH);
        }
    }

    /** The flow this login started as; an app-initiated one unless the gateway saw Clever start it. */
    public LoginFlow flow(RoutingContext context) {
        Cookie cookie = context.request().getCookie(FLOW);
        return cookie == null ? LoginFlow.LOG_IN_WITH_CLEVER
                : LoginFlow.fromWireName(cookie.getValue()).filter(flow -> flow != LoginFlow.LOGOUT).orElse(LoginFlow.LOG_IN_WITH_CLEVER);
    }

    /** The return path, checked again: a cookie is client input too. */
    public Optional<String> returnPath(RoutingContext context) {
        Cookie cookie = context.request().getCookie(RETURN_PATH);
        if (cookie == null) {
            return Optional.empty();
        }
        String path = URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
        return ReturnPath.isSafe(path) ? Optional.of(path) : Optional.empty();
    }

    public void finishLogin(RoutingContext context) {
        expire(context, FLOW);
        expire(context, RETURN_PATH);
    }

    /**
     * Drops the session quarkus-oidc has just created for the Clever login: the platform session replaces it, and
     * without it the next Clever login on this device (someone else, on a shared device) always runs in full.
     */
    public void discardOidcSession(RoutingContext context) {
        context.response().addCookie(cookie(OIDC_SESSION, "", 0));
    }

    public String sessionToken(RoutingContext context) {
        Cookie cookie = context.request().getCookie(config.session().cookieName());
        return cookie == null ? null : cookie.getValue();
    }

    public void setSession(RoutingContext context, IssuedSession session) {
        context.response().addCookie(cookie(config.session().cookieName(), session.token(),
                config.session().lifetime().toSeconds()));
    }

    public void clearSession(RoutingContext context) {
        expire(context, config.session().cookieName());
    }

    private void expire(RoutingContext context, String name) {
        if (context.request().getCookie(name) != null) {
            context.response().addCookie(cookie(name, "", 0));
        }
    }

    private Cookie cookie(String name, String value, long maxAgeSeconds) {
        return Cookie.cookie(name, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(config.session().secureCookie())
                .setSameSite(CookieSameSite.LAX)
                .setMaxAge(maxAgeSeconds);
    }
}
