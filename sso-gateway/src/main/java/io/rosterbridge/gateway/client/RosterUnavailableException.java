package io.rosterbridge.gateway.client;

/** roster-writer could not answer (down, 5xx, token refused): a login can be neither allowed nor refused. */
public class RosterUnavailableException extends RuntimeException {

    public RosterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
