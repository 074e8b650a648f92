package io.rosterbridge.clever;

import java.time.Duration;
import java.util.Optional;

/**
 * Where Clever is and how hard to press it. Each service maps its own {@code clever.*} configuration onto this.
 *
 * @param apiBaseUrl        Data API host, e.g. https://api.clever.com (Clever's next links are relative to it)
 * @param oauthBaseUrl      host serving {@code /oauth/tokens}, e.g. https://clever.com
 * @param apiVersion        Data API path segment, e.g. v3.0
 * @param clientId          this app's client id (Basic auth for the district-token listing)
 * @param clientSecret      this app's client secret
 * @param pageSize          {@code limit} of list pages; Clever's maximum is 10,000
 * @param requestsPerMinute budget per bearer token; Clever allows 1,200 per token, shared by every caller of that token
 * @param requestTimeout    per request
 * @param retry             for 429, 5xx (except 501) and I/O errors
 * @param appRequestsPerMinute Data API requests per minute of this client over all tokens together; 0 for no cap
 */
public record CleverSettings(String apiBaseUrl, String oauthBaseUrl, String apiVersion, Optional<String> clientId,
        Optional<String> clientSecret, int pageSize, int requestsPerMinute, Duration requestTimeout, Retry retry,
        int appRequestsPerMinute) {

    /** Without a cap over all tokens (a client reading a few districts at a time). */
    public CleverSettings(String apiBaseUrl, String oauthBaseUrl, String apiVersion, Optional<String> clientId,
            Optional<String> clientSecret, int pageSize, int requestsPerMinute, Duration requestTimeout, Retry retry) {
        this(apiBaseUrl, oauthBaseUrl, apiVersion, clientId, clientSecret, pageSize, requestsPerMinute, requestTimeout, retry, 0);
    }

    /**
     * @param maxAttempts    attempts per request, the first included
     * @param initialBackoff first wait, doubled per attempt (full jitter)
     * @param maxBackoff     longest wait, also for a rate-limit reset further away
     */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    }

    /** Client credentials are set; without them no district token can be listed. */
    public boolean hasCredentials() {
        return clientId.filter(id -> !id.isBlank()).isPresent() && clientSecret.filter(s -> !s.isBlank()).isPresent();
    }
}
