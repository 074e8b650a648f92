package io.rosterbridge.requests.service;

/**
 * A transaction lost its race with concurrent changes of the same rows on every attempt ({@link TransactionRetry}).
 * Nothing of it was applied. Support gets a 409 with {@link #RELOAD_AND_RETRY}; a consumer dead-letters the record.
 */
public class ConcurrentChangeException extends RuntimeException {

    /** What support reads (API and console). */
    public static final String RELOAD_AND_RETRY = "Someone else changed this district at the same moment; reload and try again.";

    public ConcurrentChangeException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
