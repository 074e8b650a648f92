package io.rosterbridge.requests.service;

/** An action that the district's current state does not allow (HTTP 409). */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
