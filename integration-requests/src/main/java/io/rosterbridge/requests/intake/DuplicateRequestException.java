package io.rosterbridge.requests.intake;

/** The district already has an integration request (HTTP 409). */
public class DuplicateRequestException extends RuntimeException {

    public DuplicateRequestException(String districtName, String state) {
        super("An integration request for district \"" + districtName + "\" already exists (state: " + state
                + "). Use the status link from its confirmation email, or contact support.");
    }
}
