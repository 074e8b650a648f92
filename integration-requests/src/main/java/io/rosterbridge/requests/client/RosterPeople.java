package io.rosterbridge.requests.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Asks roster-writer about people; a 404 is "not in the roster", anything else that fails is {@link Unavailable}. */
@ApplicationScoped
public class RosterPeople {

    /** The roster could not be asked (down, refused our token, answered 5xx); the page says so. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The roster refused the query as bad (400): its message is for the person who typed it. */
    public static class BadQuery extends RuntimeException {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    @RestClient
    RosterPeopleApi api;

    public RosterPerson.Page search(String query, int limit, int offset) {
        try {
            return api.search(query, limit, offset);
        } catch (WebApplicationException e) {
            if (status(e) == 400) {
                throw new BadQuery(message(e));
            }
            throw new Unavailable("roster read API answered " + status(e), e);
        } catch (RuntimeException e) {
            throw new Unavailable("roster read API unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    public Optional<RosterPerson> person(String userId) {
        try {
            return Optional.of(api.person(userId));
        } catch (WebApplicationException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            if (status(e) == 400) {
                throw new BadQuery(message(e));
            }
            throw new Unavailable("roster read API answered " + status(e), e);
        } catch (RuntimeException e) {
            throw new Unavailable("roster read API unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    private static int status(WebApplicationException e) {
        return e.getResponse() == null ? -1 : e.getResponse().getStatus();
    }

    private static String message(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(ErrorBody.class).message();
        } catch (RuntimeException unreadable) {
            return "The search was not understood";
        }
    }

    private record ErrorBody(String message) {
    }
}
