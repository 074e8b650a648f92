package io.rosterbridge.clever;

/** A Clever call that failed for good: not retryable, or retries exhausted. The message never holds a token. */
public class CleverApiException extends RuntimeException {

    private final int status;

    public CleverApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public CleverApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** HTTP status, or 0 when no response was read (I/O failure, malformed body, missing configuration). */
    public int status() {
        return status;
    }

    public boolean unauthorized() {
        return status == 401;
    }
}
