package io.rosterbridge.gateway.service;

/** A freshly signed platform session: the compact JWT for the cookie, and its claims. */
public record IssuedSession(String token, SessionClaims claims) {
}
