package io.rosterbridge.fetcher.service;

/** A run cannot go on; the message is the run's failure reason, for people. */
public class RunFailure extends RuntimeException {

    public RunFailure(String message) {
        super(message);
    }
}
