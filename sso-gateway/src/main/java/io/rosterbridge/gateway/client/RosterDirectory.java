package io.rosterbridge.gateway.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.cache.CacheResult;

/**
 * Looks a Clever user up in the roster, cached briefly (cache {@value #CACHE}, see application.properties) so the
 * 8 AM rush of a school does not turn into one roster call per click. A 404 (not rostered) is cached too.
 */
@ApplicationScoped
public class RosterDirectory {

    public static final String CACHE = "roster-users";

    @Inject
    @RestClient
    RosterApi api;

    /** The user, empty when the roster does not know them; {@link RosterUnavailableException} when it can't be asked. */
    @CacheResult(cacheName = CACHE)
    public Optional<RosterUser> find(String cleverUserId) {
        try {
            return Optional.of(api.user(cleverUserId));
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw new RosterUnavailableException("roster read API answered " + statusOf(e), e);
        } catch (RuntimeException e) {
            throw new RosterUnavailableException("roster read API unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The user's name and schools for the landing page, uncached (once per visit); empty when the roster does not
     * know them or cannot be asked: the page then shows what the session says.
     */
    public Optional<RosterPerson> person(String cleverUserId) {
        try {
            return Optional.of(api.person(cleverUserId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int statusOf(WebApplicationException e) {
        return e.getResponse() == null ? -1 : e.getResponse().getStatus();
    }
}
