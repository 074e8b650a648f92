package io.rosterbridge.gateway.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.gateway.client.RosterDirectory;
import io.rosterbridge.gateway.client.RosterPerson;

/**
 * Who is signed in on this device, for the landing page: the session's roles, and the name and schools the roster
 * holds (Clever's SSO guidance: show who is signed in, and a way to sign out). Without the roster's answer the
 * page shows the roles and school ids the session carries.
 */
@ApplicationScoped
public class SignedInPerson {

    /** What the landing page shows; {@code name} null when the roster could not say. */
    public record View(String name, List<String> roles, List<String> schools, SessionClaims session) {
    }

    @Inject
    SessionTokens sessions;

    @Inject
    RosterDirectory roster;

    public Optional<View> of(String sessionToken) {
        return sessions.verify(sessionToken).map(this::view);
    }

    private View view(SessionClaims claims) {
        Optional<RosterPerson> person = roster.person(claims.cleverUserId());
        String name = person.map(RosterPerson::name).map(n -> join(n.first(), n.last())).filter(n -> !n.isEmpty()).orElse(null);
        List<String> schools = person.map(p -> p.schools().stream()
                .filter(s -> claims.schoolIds().contains(s.id())).map(RosterPerson.School::name).toList())
                .filter(names -> !names.isEmpty())
                .orElse(claims.schoolIds());
        return new View(name, claims.roles(), schools, claims);
    }

    private static String join(String first, String last) {
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    }
}
