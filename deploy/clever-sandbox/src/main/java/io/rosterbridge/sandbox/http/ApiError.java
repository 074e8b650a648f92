package io.rosterbridge.sandbox.http;

/** An error answered as Clever does: the status and {@code {"message": …}}. */
public final class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError notFound() {
        return new ApiError(404, "Resource not found");
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }
}
