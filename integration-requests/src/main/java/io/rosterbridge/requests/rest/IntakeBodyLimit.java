package io.rosterbridge.requests.rest;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.rosterbridge.requests.config.IntakeConfig;

/**
 * Refuses oversized bodies on the public intake endpoints before they are read (413). Bodies
 * without a length are capped by quarkus.http.limits.max-body-size.
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
                    return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(ErrorResponse.of("Request too large: at most " + config.get().maxBodyBytes() + " bytes.")).build();
                }
            } catch (NumberFormatException e) {
                return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(ErrorResponse.of("Invalid Content-Length.")).build();
            }
        }
        return null;
    }
}
