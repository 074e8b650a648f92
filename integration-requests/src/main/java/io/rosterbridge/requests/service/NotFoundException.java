package io.rosterbridge.requests.service;

/** No such integration request, run or status link (HTTP 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
