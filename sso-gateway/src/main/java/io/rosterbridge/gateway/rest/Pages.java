package io.rosterbridge.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rosterbridge.gateway.service.LoginOutcome;

/**
 * The pages people see instead of an app: each says what happened and what to do next, never a stack trace.
 * {@code data-outcome} on the page carries the machine-readable outcome.
 */
@ApplicationScoped
public class Pages {

    static final String LOGIN_PATH = "/login";

    @Inject
    @Location("page.html")
    Template page;

    public Response refusal(LoginOutcome outcome) {
        return switch (outcome) {
            case UNKNOWN_USER -> render(Response.Status.FORBIDDEN, outcome.wireName(), "We can't find your account",
                    "Your school has not shared your account with us.",
                    "Ask your Clever administrator to share your account with Rosterbridge, then open the app from Clever again.",
                    null, null);
            case ARCHIVED_USER -> render(Response.Status.FORBIDDEN, outcome.wireName(), "Your account is not active",
                    "Your school no longer shares your account with us.",
                    "If you think this is a mistake, ask your Clever administrator to share your account with Rosterbridge again.",
                    null, null);
            case DISTRICT_NOT_LINKED -> render(Response.Status.FORBIDDEN, outcome.wireName(), "Your district is not set up yet",
                    "Your school district has not connected Rosterbridge yet.",
                    "Ask your district's Clever administrator to request Rosterbridge; you can sign in once it is connected.",
                    null, null);
            case DISTRICT_INACTIVE -> render(Response.Status.FORBIDDEN, outcome.wireName(), "Sign-in is paused for your district",
                    "Your district's connection to Rosterbridge is paused at the moment.",
                    "Ask your district's Clever administrator when it will be active again.",
                    null, null);
            default -> providerError();
        };
    }

    /** Clever's side of the login failed (code expired or used, state or id_token rejected, an error returned). */
    public Response providerError() {
        return render(Response.Status.UNAUTHORIZED, LoginOutcome.PROVIDER_ERROR.wireName(), "We couldn't finish signing you in",
                "The sign-in with Clever could not be completed. This happens when a sign-in link is old or was already used.",
                "Start again: open Rosterbridge from your Clever Portal, or use the button below.",
                LOGIN_PATH, "Log in with Clever");
    }

    public Response rosterUnavailable() {
        return render(Response.Status.SERVICE_UNAVAILABLE, LoginOutcome.PROVIDER_ERROR.wireName(), "We can't check your account right now",
                "Clever signed you in, but we could not look up your school account.",
                "Please try again in a minute.", LOGIN_PATH, "Try again");
    }

    public Response badRequest(String message) {
        return render(Response.Status.BAD_REQUEST, "bad-request", "This sign-in link is not valid", message,
                "Open Rosterbridge from your Clever Portal instead.", null, null);
    }

    public Response signedOut() {
        return render(Response.Status.OK, LoginOutcome.LOGOUT.wireName(), "You're signed out",
                "You have signed out of Rosterbridge on this device.", null, LOGIN_PATH, "Log in with Clever");
    }

    public Response notSignedIn() {
        return render(Response.Status.UNAUTHORIZED, "not-signed-in", "You're not signed in",
                "Nobody is signed in to Rosterbridge on this device.", "Open Rosterbridge from your Clever Portal, or use the button below.",
                LOGIN_PATH, "Log in with Clever");
    }

    private Response render(Response.Status status, String outcome, String title, String message, String advice,
            String actionUrl, String actionLabel) {
        String html = page.data("outcome", outcome)
                .data("title", title)
                .data("message", message)
                .data("advice", advice)
                .data("actionUrl", actionUrl)
                .data("actionLabel", actionLabel)
                .render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .entity(html).build();
    }
}
