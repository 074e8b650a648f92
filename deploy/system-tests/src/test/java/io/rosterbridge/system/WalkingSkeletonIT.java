package io.rosterbridge.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;

/**
 * Two packaged services as separate JVMs on the real broker and database: a district link published by
 * integration-requests on district.links lands in sync-fetcher's own table.
 */
class WalkingSkeletonIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../.."));
        stack = new LocalStack(repository, Path.of("target", "walking-skeleton"), StackPorts.free())
                .startInfrastructure()
                .startServices(List.of("integration-requests", "sync-fetcher"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void linkPublishedByOneServiceLandsInAnothersTable() throws Exception {
        String districtId = "5f0c1a2b3c4d5e6f7a8b9c0d";
        String body = """
                {"organisationId":"org-42","districtName":"Walking Skeleton USD","status":"active",
                 "licensedSchoolIds":["5f0c1a2b3c4d5e6f7a8b9c01"]}""";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.serviceUrl("integration-requests") + "/api/districts/" + districtId + "/link"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.staffOidc().accessToken("support-1", "integration-requests", List.of("support")))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl("sync_fetcher"), "postgres", "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT organisation_id, status FROM linked_district WHERE district_id = '" + districtId + "'")) {
                assertThat(rs.next()).as("linked_district row").isTrue();
                assertThat(rs.getString("organisation_id")).isEqualTo("org-42");
                assertThat(rs.getString("status")).isEqualTo("active");
            }
        });
    }
}
