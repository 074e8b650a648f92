package io.rosterbridge.clever;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one client of Clever: the district tokens this app holds ({@code GET /oauth/tokens?owner_type=district}, Basic
 * client credentials) and the Data API read with a district's token, looked up by district id, cached, and fetched
 * again once when Clever refuses it (the district re-authorised the app). Every request passes the per-token rate
 * limiter, and Data API requests the app-wide one too when a cap is set; 429 and 5xx (except 501) and I/O errors are retried by {@link RetryPolicy}. Lists are paged one way:
 * {@link #firstPage}, then {@link #nextPage} on the page's {@code links} next. Tokens are never logged.
 * <p>
 * Typed reads serve the sharing check (district, schools, users of a role); {@link #readPage} hands the raw body of
 * any page to a caller that parses it as it streams (the fetcher's pages hold up to 10,000 users).
 */
public class CleverClient {

    /** Reads a 200 response's body; an {@link IOException} (cut short, not JSON) fails the call without retry. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(CleverClient.class);
    private static final String CLIENT_BUCKET = "client-credentials";
    private static final String APP_BUCKET = "app";

    private final CleverSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final RetryPolicy retry;
    private final RequestRateLimiter limiter;
    /** All Data API requests of this client together (null: no cap). */
    private final RequestRateLimiter appLimiter;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public CleverClient(CleverSettings settings) {
        this(settings, new RetryPolicy(settings.retry().maxAttempts(), settings.retry().initialBackoff(), settings.retry().maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble()), new RequestRateLimiter(settings.requestsPerMinute(), System::nanoTime));
    }

    CleverClient(CleverSettings settings, RetryPolicy retry, RequestRateLimiter limiter) {
        this.settings = settings;
        this.retry = retry;
        this.limiter = limiter;
        this.appLimiter = settings.appRequestsPerMinute() > 0 ? new RequestRateLimiter(settings.appRequestsPerMinute(), System::nanoTime) : null;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether client credentials are configured; without them nothing can be read. */
    public boolean configured() {
        return settings.hasCredentials();
    }

    /**
     * The districts that have authorised this app, in Clever's order. Their tokens are kept for the calls that
     * follow; a token Clever no longer lists is forgotten.
     */
    public Set<String> connectedDistricts() {
        Map<String, String> listed = new LinkedHashMap<>();
        String uri = oauthUri("/oauth/tokens?owner_type=district");
        while (uri != null) {
            JsonNode page = get(uri, basic(), CLIENT_BUCKET, json::readTree);
            JsonNode data = page.path("data");
            for (JsonNode token : data) {
                JsonNode owner = token.path("owner");
                if ("district".equals(owner.path("type").asText()) && !token.path("access_token").asText().isEmpty()) {
                    listed.put(owner.path("id").asText(), token.path("access_token").asText());
                }
            }
            uri = nextPage(settings.oauthBaseUrl(), nextLink(page), data.size());
        }
        tokens.forEach((districtId, token) -> {
            if (!token.equals(listed.get(districtId)) && tokens.remove(districtId, token)) {
                limiter.forget(token);
            }
        });
        tokens.putAll(listed);
        return Collections.unmodifiableSet(new LinkedHashSet<>(listed.keySet()));
    }

    /** The district object, as Clever's {@code data}. */
    public JsonNode districtData(String districtId) {
        String uri = dataUri("/districts/" + URLEncoder.encode(districtId, StandardCharsets.UTF_8));
        return readPage(districtId, uri, body -> {
            JsonNode root = json.readTree(body);
            JsonNode data = root == null ? null : root.get("data");
            if (data == null || !data.hasNonNull("id")) {
                throw new CleverApiException(200, "district response without data");
            }
            return data;
        });
    }

    public CleverDistrict district(String districtId) {
        JsonNode district = districtData(districtId);
        return new CleverDistrict(district.path("id").asText(), district.path("name").asText());
    }

    /** The schools the district shares with this app. */
    public List<CleverSchool> schools(String districtId) {
        List<CleverSchool> schools = new ArrayList<>();
        forEachItem(districtId, "/schools", school -> schools.add(new CleverSchool(school.path("id").asText(), school.path("name").asText())));
        return schools;
    }

    /**
     * Calls {@code schoolIdsOfEachUser} with the school ids of every shared user of one role (Clever's role names:
     * student, teacher, staff, district_admin); district admins have no schools.
     */
    public void usersOfRole(String districtId, String role, Consumer<List<String>> schoolIdsOfEachUser) {
        forEachItem(districtId, "/users?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8), user -> {
            List<String> schoolIds = new ArrayList<>();
            user.path("roles").path(role).path("schools").forEach(id -> schoolIds.add(id.asText()));
            schoolIdsOfEachUser.accept(schoolIds);
        });
    }

    /** First page URI of a list such as {@code /schools} or {@code /users?role=teacher}, at the configured page size. */
    public String firstPage(String resource) {
        return dataUri(resource + (resource.contains("?") ? "&" : "?") + "limit=" + settings.pageSize());
    }

    /**
     * The page after one that held {@code itemsOnPage} items and named {@code nextLink} as its {@code links} next, or
     * null when there is none: Clever's paging ends when no next link remains or a page comes back empty.
     */
    public String nextPage(String nextLink, int itemsOnPage) {
        return nextPage(settings.apiBaseUrl(), nextLink, itemsOnPage);
    }

    /**
     * Reads one page (or any Data API resource) with the district's token, handing the 200 body to {@code reader} as
     * it arrives.
     */
    public <T> T readPage(String districtId, String uri, BodyReader<T> reader) {
        return withToken(districtId, token -> get(uri, "Bearer " + token, token, reader));
    }

    private void forEachItem(String districtId, String resource, Consumer<JsonNode> consumer) {
        String uri = firstPage(resource);
        while (uri != null) {
            JsonNode page = readPage(districtId, uri, json::readTree);
            JsonNode data = page.path("data");
            data.forEach(item -> consumer.accept(item.path("data")));
            uri = nextPage(nextLink(page), data.size());
        }
    }

    private static String nextLink(JsonNode page) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").asText()) && link.hasNonNull("uri")) {
                return link.get("uri").asText();
            }
        }
        return null;
    }

    /** Clever's links are relative to the host that answered ("prefix it with https://api.clever.com"); absolute ones stay. */
    private static String nextPage(String baseUrl, String nextLink, int itemsOnPage) {
        if (nextLink == null || nextLink.isBlank() || itemsOnPage == 0) {
            return null;
        }
        if (URI.create(nextLink).isAbsolute()) {
            return nextLink;
        }
        return trimSlash(baseUrl) + (nextLink.startsWith("/") ? "" : "/") + nextLink;
    }

    private <T> T withToken(String districtId, Function<String, T> call) {
        String token = tokens.computeIfAbsent(districtId, this::fetchDistrictToken);
        try {
            return call.apply(token);
        } catch (CleverApiException e) {
            if (!e.unauthorized()) {
                throw e;
            }
            // The district re-authorised the app or the token was rotated: fetch it again, once.
            LOG.infof("District %s token refused; fetching a fresh one", districtId);
            if (tokens.remove(districtId, token)) {
                limiter.forget(token);
            }
            String fresh = tokens.computeIfAbsent(districtId, this::fetchDistrictToken);
            return call.apply(fresh);
        }
    }

    private String fetchDistrictToken(String districtId) {
        String uri = oauthUri("/oauth/tokens?owner_type=district&district=" + URLEncoder.encode(districtId, StandardCharsets.UTF_8));
        return get(uri, basic(), CLIENT_BUCKET, body -> {
            JsonNode root = json.readTree(body);
            for (JsonNode token : root.path("data")) {
                if (districtId.equals(token.path("owner").path("id").asText()) && token.hasNonNull("access_token")) {
                    return token.get("access_token").asText();
                }
            }
            throw new CleverApiException(404, "Clever has no token for district " + districtId + " (not connected)");
        });
    }

    private String basic() {
        String clientId = settings.clientId().orElseThrow(() -> new CleverApiException(0, "clever.client-id is not configured"));
        String secret = settings.clientSecret().orElseThrow(() -> new CleverApiException(0, "clever.client-secret is not configured"));
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** GET with the rate limit of {@code bucket} (the bearer token), retried while Clever's answer is transient. */
    private <T> T get(String uri, String authorization, String bucket, BodyReader<T> reader) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                limiter.acquire(bucket);
                if (appLimiter != null && !CLIENT_BUCKET.equals(bucket)) {
                    appLimiter.acquire(APP_BUCKET);
                }
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw new CleverApiException("GET " + pathOf(uri) + " failed after " + attempt + " attempts: " + e, e);
                }
                pause(retry.delay(attempt, Optional.empty(), Instant.now()));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CleverApiException("interrupted", e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try (InputStream body = response.body()) {
                    return reader.read(body);
                } catch (IOException e) {
                    // A body cut short or not JSON: never act on part of it; the caller fails instead.
                    throw new CleverApiException(200, "malformed or truncated response from " + pathOf(uri) + ": " + e.getMessage());
                }
            }
            String message = errorMessage(response);
            if (!RetryPolicy.retryable(status) || attempt >= retry.maxAttempts()) {
                throw new CleverApiException(status, "GET " + pathOf(uri) + " returned " + status
                        + (RetryPolicy.retryable(status) ? " after " + attempt + " attempts" : "") + ": " + message);
            }
            Instant now = Instant.now();
            Duration wait = retry.delay(attempt, RetryPolicy.comeBackAt(response.headers(), now), now);
            LOG.debugf("GET %s returned %d; retry %d in %d ms", pathOf(uri), status, attempt, wait.toMillis());
            pause(wait);
        }
    }

    private static String errorMessage(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            byte[] head = body.readNBytes(300);
            return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "(no body)";
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CleverApiException("interrupted", e);
        }
    }

    private String dataUri(String path) {
        return trimSlash(settings.apiBaseUrl()) + "/" + settings.apiVersion() + path;
    }

    private String oauthUri(String path) {
        return trimSlash(settings.oauthBaseUrl()) + path;
    }

    private static String pathOf(String uri) {
        return URI.create(uri).getPath();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
