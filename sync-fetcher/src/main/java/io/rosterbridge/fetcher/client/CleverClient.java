package io.rosterbridge.fetcher.client;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.config.CleverConfig;

/**
 * Clever Data API v3 client for district-app tokens. Lists are streamed item by item from the response
 * body (a 10,000-user page is never held as one JSON tree) and paging follows {@code links.next} only.
 * Every request passes the per-token rate limiter; 429 and 5xx are retried by {@link RetryPolicy}; a
 * 401 refreshes the district token once (it may have been rotated) before giving up.
 */
@ApplicationScoped
public class CleverClient {

    private static final Logger LOG = Logger.getLogger(CleverClient.class);
    private static final String CLIENT_BUCKET = "client-credentials";

    private final CleverConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final RetryPolicy retry;
    private final RequestRateLimiter limiter;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public CleverClient(CleverConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.retry = new RetryPolicy(config.retry().maxAttempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.limiter = new RequestRateLimiter(config.requestsPerMinute(), System::nanoTime);
    }

    /** The district object, as Clever's {@code data}. */
    public JsonNode district(String districtId) {
        String uri = api("/districts/" + districtId);
        return withToken(districtId, token -> get(uri, "Bearer " + token, token, body -> {
            JsonNode root = json.readTree(body);
            JsonNode data = root == null ? null : root.get("data");
            if (data == null || !data.hasNonNull("id")) {
                throw new CleverApiException(200, "district response without data");
            }
            return data;
        }));
    }

    /** First page URI of a top-level list such as {@code /schools} or {@code /users}. */
    public String firstPage(String resource) {
        return api(resource + "?limit=" + config.pageSize());
    }

    /**
     * Reads one list page, handing each item's {@code data} to {@code mapper} as it is parsed;
     * null results are dropped (records the fetcher ignores).
     */
    public <R> ListPage<R> page(String districtId, String uri, Function<JsonNode, R> mapper) {
        return withToken(districtId, token -> get(uri, "Bearer " + token, token, body -> readList(body, mapper)));
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
            tokens.remove(districtId, token);
            limiter.forget(token);
            String fresh = tokens.computeIfAbsent(districtId, this::fetchDistrictToken);
            return call.apply(fresh);
        }
    }

    private String fetchDistrictToken(String districtId) {
        String clientId = config.clientId().orElseThrow(() -> new CleverApiException(0, "clever.client-id is not configured"));
        String secret = config.clientSecret().orElseThrow(() -> new CleverApiException(0, "clever.client-secret is not configured"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String uri = trimSlash(config.oauthBaseUrl()) + "/oauth/tokens?owner_type=district&district="
                + URLEncoder.encode(districtId, StandardCharsets.UTF_8);
        return get(uri, basic, CLIENT_BUCKET, body -> {
            JsonNode root = json.readTree(body);
            for (JsonNode token : root.path("data")) {
                if (districtId.equals(token.path("owner").path("id").asText()) && token.hasNonNull("access_token")) {
                    return token.get("access_token").asText();
                }
            }
            throw new CleverApiException(404, "Clever has no token for district " + districtId + " (not connected)");
        });
    }

    private <R> ListPage<R> readList(InputStream body, Function<JsonNode, R> mapper) throws IOException {
        long startNanos = System.nanoTime();
        long itemNanos = 0;
        List<R> items = new ArrayList<>();
        int fetched = 0;
        String next = null;
        boolean sawData = false;
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CleverApiException(200, "list response is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    sawData = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long itemStart = System.nanoTime();
                        JsonNode item = json.readTree(parser);
                        JsonNode data = item == null ? null : item.get("data");
                        if (data == null || !data.hasNonNull("id")) {
                            throw new CleverApiException(200, "list item without data.id");
                        }
                        fetched++;
                        R mapped = mapper.apply(data);
                        if (mapped != null) {
                            items.add(mapped);
                        }
                        itemNanos += System.nanoTime() - itemStart;
                    }
                } else if ("links".equals(field) && value == JsonToken.START_ARRAY) {
                    for (JsonNode link : (JsonNode) json.readTree(parser)) {
                        if ("next".equals(link.path("rel").asText()) && link.hasNonNull("uri")) {
                            next = link.get("uri").asText();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!sawData) {
                throw new CleverApiException(200, "list response without data");
            }
        }
        return new ListPage<>(items, fetched, next == null || fetched == 0 ? null : resolve(next), itemNanos,
                System.nanoTime() - startNanos);
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private <T> T get(String uri, String authorization, String bucket, BodyReader<T> reader) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(config.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                limiter.acquire(bucket);
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
                    // A body cut short or not JSON: never build a snapshot from it, fail the run instead.
                    throw new CleverApiException(200, "malformed or truncated response from " + pathOf(uri) + ": " + e.getMessage());
                }
            }
            String message = errorMessage(response);
            if (!RetryPolicy.retryable(status) || attempt >= retry.maxAttempts()) {
                throw new CleverApiException(status, "GET " + pathOf(uri) + " returned " + status
                        + (RetryPolicy.retryable(status) ? " after " + attempt + " attempts" : "") + ": " + message);
            }
            Duration wait = retry.delay(attempt, RetryPolicy.parseReset(response.headers().allValues("X-Ratelimit-Reset")), Instant.now());
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

    private String api(String path) {
        return trimSlash(config.apiBaseUrl()) + "/" + config.apiVersion() + path;
    }

    /** Clever's links are relative to the API host; absolute ones are used as they are. */
    private String resolve(String link) {
        return URI.create(trimSlash(config.apiBaseUrl()) + "/").resolve(link).toString();
    }

    private static String pathOf(String uri) {
        return URI.create(uri).getPath();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
