package io.rosterbridge.requests.rest;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.rosterbridge.requests.config.IntakeConfig;
import io.rosterbridge.requests.web.ErrorPage;

/**
 * Refuses oversized bodies on the public intake endpoints before they are read (413, a JSON message for the API,
 * a page for the form). Bodies without a length are capped by quarkus.http.limits.max-body-size.
 */
public class IntakeBodyLimit {

    /** Looked up per request: filters are created at static init, before runtime configuration exists. */
    @Inject
    Provider<IntakeConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!"POST".equals(request.getMethod()) || !(path.equals("/api/requests") || path.equals("/requests"))) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.get().maxBodyBytes()) {
                    return tooLarge(path, config.get());
                }
            } catch (NumberFormatException e) {
                return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(ErrorResponse.of("Invalid Content-Length.")).build();
            }
        }
        return null;
    }

    /** The form gets a page (the browser keeps what was typed on Back), the API a JSON message. */
    private static Response tooLarge(String path, IntakeConfig limits) {
        if (path.equals("/api/requests")) {
            return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorResponse.of("Request too large: at most " + limits.maxBodyBytes() + " bytes.")).build();
        }
        String message = "The form is larger than " + limits.maxBodyBytes() + " bytes, more than any valid request needs "
                + "(names of at most " + limits.maxNameLength() + " characters, at most " + limits.maxSchools()
                + " schools, notes of at most " + limits.maxNotesLength() + " characters). Nothing was sent: go back, "
                + "shorten the longest field and send the form again.";
        return Response.status(413).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(ErrorPage.render(path, "The form is too large", message)).build();
    }
}
