package io.rosterbridge.requests.client;

/** sync-fetcher could not answer (down, timed out, 5xx, token refused): the page says so instead of failing. */
public class FetcherUnavailableException extends RuntimeException {

    public FetcherUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
