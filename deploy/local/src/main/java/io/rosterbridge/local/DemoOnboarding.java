package io.rosterbridge.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Onboards the sandbox's demo district through the public APIs, the way a district admin and support would:
 * intake request, connection and sharing check, link with every school licensed, sync now, rostered.
 * The local stack runs it at start so the printed login URL works for a demo student right away.
 */
public final class DemoOnboarding {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String supportToken;

    public DemoOnboarding(LocalStack stack) {
        this.stack = stack;
        this.supportToken = stack.staffOidc().accessToken("demo-support", "integration-requests", List.of("support"));
    }

    /** The shared schools of the demo district as Clever lists them: id and name. */
    public List<Map<String, String>> demoSchools() throws IOException, InterruptedException {
        String token = demoDistrictToken();
        JsonNode schools = call("GET", stack.sandboxUrl() + "/v3.0/schools?limit=100", "Bearer " + token, null, 200);
        List<Map<String, String>> result = new ArrayList<>();
        schools.path("data").forEach(s -> result.add(Map.of("cleverSchoolId", s.at("/data/id").asText(), "name", s.at("/data/name").asText())));
        return result;
    }

    /** Submits the intake request as the district admin; returns the request id. */
    public String submitRequest(String districtName, List<Map<String, String>> schools) throws IOException, InterruptedException {
        JsonNode created = call("POST", requests() + "/api/requests", null, Map.of(
                "districtName", districtName,
                "schools", schools,
                "contactName", "Dana Demo",
                "contactEmail", "dana@demo-district.example",
                "sharedRoles", List.of("students", "teachers", "staff", "district_admins"),
                "notes", "Demo district of the local stack"), 201);
        return created.path("requestId").asText();
    }

    /** Asks integration-requests to check Clever now until the district is connected and shared; returns its detail. */
    public JsonNode awaitShared(String requestId) throws IOException, InterruptedException {
        return await(() -> call("POST", support(requestId) + "/check", bearer(), null, 200), "shared");
    }

    public JsonNode link(String requestId, String organisationId, List<String> schoolIds) throws IOException, InterruptedException {
        return call("PUT", support(requestId) + "/link", bearer(), Map.of("organisationId", organisationId, "licensedSchoolIds", schoolIds), 200);
    }

    public void syncNow(String requestId) throws IOException, InterruptedException {
        call("POST", support(requestId) + "/sync", bearer(), null, 202);
    }

    public JsonNode awaitRostered(String requestId) throws IOException, InterruptedException {
        return await(() -> call("GET", support(requestId), bearer(), null, 200), "rostered", "active");
    }

    /** The demo district's name as Clever gives it. */
    public String demoDistrictName() throws IOException, InterruptedException {
        String token = demoDistrictToken();
        return call("GET", stack.sandboxUrl() + "/v3.0/districts", "Bearer " + token, null, 200).at("/data/0/data/name").asText();
    }

    /** True when an earlier start of this stack already onboarded a district of that name. */
    public boolean alreadyOnboarded(String districtName) throws IOException, InterruptedException {
        for (JsonNode integration : call("GET", requests() + "/api/support/integrations", bearer(), null, 200)) {
            if (districtName.equals(integration.path("districtName").asText())
                    && List.of("rostered", "active").contains(integration.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The whole onboarding, unless it happened on an earlier start; returns the district's name. */
    public String onboardDemoDistrict() throws IOException, InterruptedException {
        String districtName = demoDistrictName();
        if (alreadyOnboarded(districtName)) {
            return districtName;
        }
        List<Map<String, String>> schools = demoSchools();
        String requestId = submitRequest(districtName, schools);
        awaitShared(requestId);
        link(requestId, "org-demo", schools.stream().map(s -> s.get("cleverSchoolId")).toList());
        syncNow(requestId);
        awaitRostered(requestId);
        return districtName;
    }

    private String demoDistrictToken() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(
                (stack.cleverClientId() + ":" + stack.cleverClientSecret()).getBytes(StandardCharsets.UTF_8));
        JsonNode tokens = call("GET", stack.sandboxUrl() + "/oauth/tokens?owner_type=district", "Basic " + basic, null, 200);
        return tokens.at("/data/0/access_token").asText();
    }

    private String requests() {
        return stack.serviceUrl("integration-requests");
    }

    private String support(String requestId) {
        return requests() + "/api/support/integrations/" + requestId;
    }

    private String bearer() {
        return "Bearer " + supportToken;
    }

    private interface Step {
        JsonNode call() throws IOException, InterruptedException;
    }

    private static JsonNode await(Step step, String... states) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        JsonNode detail;
        do {
            detail = step.call();
            for (String state : states) {
                if (state.equals(detail.path("state").asText())) {
                    return detail;
                }
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("Still " + detail.path("state").asText() + " after " + STEP_TIMEOUT
                + ", expected " + String.join(" or ", states) + ": " + detail);
    }

    private JsonNode call(String method, String url, String authorization, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
