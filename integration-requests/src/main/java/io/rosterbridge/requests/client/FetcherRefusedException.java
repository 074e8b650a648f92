package io.rosterbridge.requests.client;

/** sync-fetcher refused the request (4xx) with a message for support: an invalid window, an unlinked district. */
public class FetcherRefusedException extends RuntimeException {

    public FetcherRefusedException(String message) {
        super(message);
    }
}
