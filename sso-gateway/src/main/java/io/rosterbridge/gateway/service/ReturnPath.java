package io.rosterbridge.gateway.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A return path given by a caller ({@code return_to}): accepted only as a same-site relative path, so the gateway
 * can never be used to redirect someone to another site (open redirect).
 */
public final class ReturnPath {

    static final int MAX_LENGTH = 512;

    private ReturnPath() {
    }

    /** Empty when absent or blank. */
    public static Optional<String> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (!isSafe(raw)) {
            throw new IllegalArgumentException("return_to must be a path on this site, starting with a single '/'");
        }
        return Optional.of(raw);
    }

    public static boolean isSafe(String path) {
        if (path.length() > MAX_LENGTH || !path.startsWith("/") || path.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            // backslashes are read as slashes by browsers ("/\evil.example"); control characters split headers
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        try {
            URI uri = new URI(path);
            return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
                    && uri.getRawPath().startsWith("/") && !uri.getRawPath().startsWith("//");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
