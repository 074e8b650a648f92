package io.rosterbridge.requests.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.requests.config.CleverConfig;

/**
 * The little of Clever this service reads: the district tokens this app holds
 * ({@code GET /oauth/tokens?owner_type=district}, Basic client credentials) and, with a district
 * token, the district, its schools and its users (Data API v3.0). Tokens are never logged.
 */
@ApplicationScoped
public class CleverClient {

    private static final String DATA_API = "/v3.0";
    private static final int PAGE_SIZE = 1000;

    @Inject
    CleverConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Whether client credentials are configured; without them nothing can be checked. */
    public boolean configured() {
        return config.clientId().filter(s -> !s.isBlank()).isPresent()
                && config.clientSecret().filter(s -> !s.isBlank()).isPresent();
    }

    /** Every district that has authorised this app, with its token. */
    public List<DistrictToken> districtTokens() {
        String credentials = config.clientId().orElseThrow() + ":" + config.clientSecret().orElseThrow();
        String basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        List<DistrictToken> tokens = new ArrayList<>();
        String next = config.oauthBaseUrl() + "/oauth/tokens?owner_type=district";
        while (next != null) {
            JsonNode page = get(next, basic);
            for (JsonNode token : page.path("data")) {
                JsonNode owner = token.path("owner");
                if ("district".equals(owner.path("type").asText()) && !token.path("access_token").asText().isEmpty()) {
                    tokens.add(new DistrictToken(owner.path("id").asText(), token.path("access_token").asText()));
                }
            }
            next = nextLink(page, config.oauthBaseUrl());
        }
        return tokens;
    }

    /** The district the token belongs to. */
    public CleverDistrict district(String districtToken) {
        JsonNode page = get(config.apiBaseUrl() + DATA_API + "/districts", bearer(districtToken));
        for (JsonNode item : page.path("data")) {
            JsonNode district = item.path("data");
            return new CleverDistrict(district.path("id").asText(), district.path("name").asText());
        }
        throw new CleverException("Clever returned no district for a district token");
    }

    /** The schools the district shares with this app. */
    public List<CleverSchool> schools(String districtToken) {
        List<CleverSchool> schools = new ArrayList<>();
        forEachItem("/schools", districtToken, school -> schools.add(
                new CleverSchool(school.path("id").asText(), school.path("name").asText())));
        return schools;
    }

    /**
     * Calls {@code consumer} with the school ids of every shared user of one role (Clever's role
     * names: student, teacher, staff, district_admin); district admins have no schools.
     */
    public void usersOfRole(String districtToken, String role, Consumer<List<String>> consumer) {
        forEachItem("/users?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8), districtToken, user -> {
            List<String> schoolIds = new ArrayList<>();
            user.path("roles").path(role).path("schools").forEach(id -> schoolIds.add(id.asText()));
            consumer.accept(schoolIds);
        });
    }

    private void forEachItem(String path, String districtToken, Consumer<JsonNode> consumer) {
        String separator = path.contains("?") ? "&" : "?";
        String next = config.apiBaseUrl() + DATA_API + path + separator + "limit=" + PAGE_SIZE;
        String auth = bearer(districtToken);
        while (next != null) {
            JsonNode page = get(next, auth);
            JsonNode data = page.path("data");
            if (data.isEmpty()) {
                return;
            }
            data.forEach(item -> consumer.accept(item.path("data")));
            next = nextLink(page, config.apiBaseUrl());
        }
    }

    private static String nextLink(JsonNode page, String baseUrl) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").asText())) {
                String uri = link.path("uri").asText();
                return uri.startsWith("http") ? uri : baseUrl + uri;
            }
        }
        return null;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private JsonNode get(String url, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CleverException("Clever unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CleverException("Interrupted while calling Clever");
        }
        if (response.statusCode() != 200) {
            throw new CleverException("Clever answered " + response.statusCode() + " to GET " + URI.create(url).getPath());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new CleverException("Clever answered with something other than JSON to GET " + URI.create(url).getPath());
        }
    }
}
