package io.rosterbridge.requests.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The JSON API authenticates by bearer token, never by cookie, so the forms' CSRF check does not concern it; but
 * that check examines every form-typed post, and common clients (curl -d '', REST Assured) label a bodiless POST
 * such as "sync" as a form. A Content-Type without a body describes nothing, so it is dropped before the check.
 */
public class BodilessApiPosts {

    @ServerRequestFilter(preMatching = true)
    public void dropTypeOfEmptyBody(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type != null && type.getType().equals("application") && type.getSubtype().equals("x-www-form-urlencoded")
                && request.getUriInfo().getPath().startsWith("/api/support/") && !hasBody(request)) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
