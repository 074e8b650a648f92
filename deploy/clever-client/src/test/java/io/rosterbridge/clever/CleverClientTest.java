package io.rosterbridge.clever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;

/** The client against the Clever sandbox: tokens, paging, retries, token rotation, a cut-short page. */
class CleverClientTest {

    private CleverSandbox sandbox;
    private String district;

    @BeforeEach
    void start() {
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false).withRateLimitPerMinute(1_000_000));
        district = sandbox.world().generateDistrict("Maple USD", 120, 11);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private CleverClient client(int pageSize, int maxAttempts) {
        return new CleverClient(new CleverSettings(sandbox.baseUrl(), sandbox.baseUrl(), "v3.0", Optional.of(sandbox.clientId()),
                Optional.of(sandbox.clientSecret()), pageSize, 1000, Duration.ofSeconds(10),
                new CleverSettings.Retry(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(50))));
    }

    @Test
    void listsTheConnectedDistrictsAndForgetsADisconnectedOne() {
        String other = sandbox.world().generateDistrict("Birch USD", 10, 12);
        CleverClient clever = client(100, 3);

        assertThat(clever.connectedDistricts()).containsExactlyInAnyOrder(district, other);

        sandbox.world().disconnect(other);
        assertThat(clever.connectedDistricts()).containsExactly(district);
        assertThatThrownBy(() -> clever.schools(other)).isInstanceOf(CleverApiException.class)
                .satisfies(e -> assertThat(((CleverApiException) e).status()).isEqualTo(404));
    }

    @Test
    void readsEveryPageOfAListFollowingNextLinks() {
        CleverClient clever = client(7, 3); // small pages: many next links

        assertThat(clever.district(district).name()).isEqualTo("Maple USD");
        assertThat(clever.schools(district)).extracting(CleverSchool::id)
                .containsExactlyInAnyOrderElementsOf(sandbox.world().schoolIds(district));
        for (String role : List.of("student", "teacher", "staff")) {
            AtomicInteger users = new AtomicInteger();
            clever.usersOfRole(district, role, schools -> users.incrementAndGet());
            assertThat(users.get()).as(role).isEqualTo(sandbox.world().userIds(district, role).size());
        }
    }

    @Test
    void givesTheRawBodyOfAPageAndResolvesItsNextLinkOneWay() throws Exception {
        CleverClient clever = client(5, 3);
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        String uri = clever.firstPage("/schools");
        while (uri != null) {
            JsonNode page = clever.readPage(district, uri, json::readTree);
            page.path("data").forEach(item -> ids.add(item.path("data").path("id").asText()));
            String next = null;
            for (JsonNode link : page.path("links")) {
                next = "next".equals(link.path("rel").asText()) ? link.path("uri").asText() : next;
            }
            uri = clever.nextPage(next, page.path("data").size());
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(sandbox.world().schoolIds(district));

        assertThat(clever.nextPage("/v3.0/users?starting_after=abc", 3)).isEqualTo(sandbox.baseUrl() + "/v3.0/users?starting_after=abc");
        assertThat(clever.nextPage("https://api.clever.com/v3.0/users?starting_after=abc", 3))
                .isEqualTo("https://api.clever.com/v3.0/users?starting_after=abc");
        assertThat(clever.nextPage("/v3.0/users?starting_after=abc", 0)).as("an empty page ends the list").isNull();
        assertThat(clever.nextPage(null, 3)).isNull();
    }

    @Test
    void retriesServerErrorsAndRateLimitsThenGivesUpWithTheStatus() {
        CleverClient clever = client(100, 40);
        clever.connectedDistricts();
        sandbox.world().faults().setRate5xx(0.5).setRate429(0.3);

        assertThat(clever.schools(district)).hasSize(sandbox.world().schoolIds(district).size());

        sandbox.world().faults().clear().setRate5xx(1.0);
        CleverClient impatient = client(100, 3);
        assertThatThrownBy(() -> impatient.schools(district)).isInstanceOf(CleverApiException.class)
                .hasMessageContaining("after 3 attempts")
                .satisfies(e -> assertThat(((CleverApiException) e).status()).isBetween(500, 599));
    }

    @Test
    void fetchesADistrictTokenAgainOnceWhenTheOldOneIsRefused() {
        CleverClient clever = client(100, 3);
        assertThat(clever.schools(district)).isNotEmpty();

        sandbox.world().disconnect(district);
        sandbox.world().connect(district); // a new token; the cached one now gets 401

        assertThat(clever.schools(district)).hasSize(sandbox.world().schoolIds(district).size());
    }

    @Test
    void aPageCutShortFailsWithoutRetry() {
        CleverClient clever = client(5, 3);
        clever.connectedDistricts();
        sandbox.world().faults().truncateNextPages(1);

        assertThatThrownBy(() -> clever.schools(district)).isInstanceOf(CleverApiException.class)
                .hasMessageContaining("malformed or truncated");
    }
}
