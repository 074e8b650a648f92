package io.rosterbridge.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.local.DemoOnboarding;
import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.model.Role;

/**
 * Live updates on the packaged services: once the demo district is onboarded and rostered, a user renamed, a user
 * added and a user unshared in the sandbox reach roster-writer through Clever's Events API, with no sync command.
 */
class LiveEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, so the test takes seconds; the product polls every 60 s by default (fetcher.events.poll-interval). */
    private static final String POLL_INTERVAL = "2s";

    private static LocalStack stack;
    private static CleverSandbox sandbox;
    private final HttpClient api = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../.."));
        StackPorts ports = StackPorts.free();
        Path dataDir = Path.of("target", "live-events");
        LocalStack.resetData(dataDir);
        stack = new LocalStack(repository, dataDir, ports)
                .withServiceEnvironment("sync-fetcher", "FETCHER_EVENTS_POLL_INTERVAL", POLL_INTERVAL)
                .startInfrastructure();
        sandbox = CleverSandbox.start(SandboxOptions.defaults()
                .withPort(ports.sandbox())
                .withClientId(stack.cleverClientId())
                .withClientSecret(stack.cleverClientSecret()));
        stack.startServices(List.of("integration-requests", "sync-fetcher", "roster-writer"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void renamedAddedAndUnsharedUsersReachTheRosterWithoutASyncCommand() throws Exception {
        String districtId = sandbox.demoDistrictId();
        List<String> schoolIds = sandbox.world().schoolIds(districtId);
        DemoOnboarding onboarding = new DemoOnboarding(stack);
        String requestId = onboarding.submitRequest(sandbox.world().districtName(districtId), onboarding.demoSchools());
        onboarding.awaitShared(requestId);
        onboarding.link(requestId, "org-live", schoolIds);
        onboarding.syncNow(requestId);
        onboarding.awaitRostered(requestId);
        String reader = stack.staffOidc().accessToken("live-support", "roster-writer", List.of("support"));

        List<String> students = sandbox.world().userIds(districtId, Role.STUDENT);
        String renamed = students.get(0);
        String unshared = students.get(1);
        sandbox.world().renameUser(renamed, "Avery", "Live-Update");
        String added = sandbox.world().addUser(districtId, Role.TEACHER, schoolIds.subList(0, 1), "Nova", "Added", null);
        sandbox.world().unshareUser(unshared);

        // no sync command from here on: only the fetcher's event polling can bring these
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode user = get("/api/users/" + renamed, reader);
            assertThat(user.path("name").path("first").asText()).isEqualTo("Avery");
            assertThat(user.path("name").path("last").asText()).isEqualTo("Live-Update");
            JsonNode teacher = get("/api/users/" + added, reader);
            assertThat(teacher.path("active").asBoolean()).isTrue();
            assertThat(teacher.path("roles").get(0).path("role").asText()).isEqualTo("teacher");
            assertThat(get("/api/users/" + unshared, reader).path("active").asBoolean()).as("archived").isFalse();
        });
    }

    private JsonNode get(String path, String bearer) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl("roster-writer") + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
