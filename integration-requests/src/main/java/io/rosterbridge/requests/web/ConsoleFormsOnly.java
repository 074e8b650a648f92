package io.rosterbridge.requests.web;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The console's actions are form posts and nothing else. The CSRF check (quarkus-rest-csrf) verifies form posts
 * only, and a post without a Content-Type would reach an action that takes no body; so every other state-changing
 * request to the console, which a browser would send with the staff session cookie, is refused before it
 * matches an action.
 */
public class ConsoleFormsOnly {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    public Response formsOnly(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/support") || SAFE.contains(request.getMethod())) {
            return null;
        }
        MediaType type = request.getMediaType();
        if (type != null && type.getType().equals("application") && type.getSubtype().equals("x-www-form-urlencoded")) {
            return null;
        }
        return Response.status(415).type(MediaType.TEXT_HTML_TYPE)
                .entity(ErrorPage.render(path, "Not a console form",
                        "The support console accepts only its own forms (application/x-www-form-urlencoded); nothing was done."))
                .build();
    }
}
