package io.rosterbridge.requests.rest;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.rosterbridge.requests.web.ErrorPage;

/**
 * Every error answer explains itself. Our own errors carry their message; the framework's come empty: routing
 * (404, 405, 406, 415), security (401, 403) and the CSRF check. These get a JSON {@code {message}} under /api and a
 * page elsewhere. The CSRF check refuses a form post with an empty 400 (the only empty 400 a form post can get:
 * the forms' own errors re-render the form), which becomes a 403 page.
 */
public class ErrorBodies {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerResponseFilter
    public void explain(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/")) {
            response.setEntity(ErrorResponse.of(apiMessage(status, request, response)), null, MediaType.APPLICATION_JSON_TYPE);
            return;
        }
        String title;
        String message;
        if (status == 400 && isFormPost(request)) {
            response.setStatus(403);
            title = "This form has expired";
            message = "The form did not carry the security token of the page it was sent from, so nothing was done. "
                    + "This happens when the page was open for more than two hours, when cookies are blocked, or when "
                    + "another site sent the form. Go back, reload the page and send the form again.";
        } else {
            title = switch (status) {
                case 403 -> "Not allowed";
                case 404 -> "Page not found";
                default -> "The request could not be served";
            };
            message = pageMessage(status, request, response);
        }
        response.setEntity(ErrorPage.render(path, title, message), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }

    private static String apiMessage(int status, ContainerRequestContext request, ContainerResponseContext response) {
        return switch (status) {
            case 400 -> "The request could not be read.";
            case 401 -> "Authentication required: send a bearer token from the staff identity provider issued for integration-requests.";
            case 403 -> "Forbidden: your roles do not allow this request.";
            case 415 -> "Unsupported Content-Type " + contentType(request) + ": send application/json.";
            default -> pageMessage(status, request, response);
        };
    }

    private static String pageMessage(int status, ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        return switch (status) {
            case 400 -> "The request could not be read.";
            case 403 -> "Your account does not have the role this page needs (the support console needs the support role).";
            case 404 -> "There is nothing at " + path + ".";
            case 405 -> "Method " + request.getMethod() + " is not allowed at " + path
                    + (response.getAllowedMethods().isEmpty() ? "" : " (allowed: "
                            + response.getAllowedMethods().stream().sorted().collect(Collectors.joining(", ")) + ")")
                    + ".";
            case 406 -> "No answer in the requested format (Accept: " + request.getHeaderString("Accept") + ").";
            case 413 -> "The request is too large.";
            case 415 -> "Unsupported Content-Type " + contentType(request) + ": send the form from its page.";
            default -> "The request failed (HTTP " + status + ").";
        };
    }

    private static String contentType(ContainerRequestContext request) {
        String type = request.getHeaderString("Content-Type");
        return type == null ? "(none)" : "\"" + type + "\"";
    }

    private static boolean isFormPost(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        return !SAFE.contains(request.getMethod()) && type != null
                && type.getType().equals("application") && type.getSubtype().equals("x-www-form-urlencoded");
    }
}
