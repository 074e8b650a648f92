package io.rosterbridge.requests.client;

/** Clever could not be read (unreachable, an error status, or not JSON). */
public class CleverException extends RuntimeException {

    public CleverException(String message) {
        super(message);
    }
}
