package io.rosterbridge.gateway.service;

import java.net.URI;

/** The end of a callback: either a session and where to send its holder, or a refusal to show. */
public record LoginResult(AccessDecision decision, IssuedSession session, URI target) {

    public boolean allowed() {
        return session != null;
    }
}
