package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class FaultsAndRateLimitTest {

    private MutableClock clock;
    private CleverSandbox sandbox;
    private SandboxHttp http;
    private String token;

    @BeforeEach
    void start() {
        // a frozen clock: the whole test runs inside one rate-limit minute
        clock = new MutableClock(java.time.Instant.now());
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withRateLimitPerMinute(5).withClock(clock));
        http = new SandboxHttp(sandbox.baseUrl());
        token = sandbox.world().districtToken(sandbox.demoDistrictId());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void limitsRequestsPerTokenPerMinuteWithClevesHeaders() {
        SandboxHttp.Response first = http.get("/v3.0/schools", token);
        assertThat(first.header("X-Ratelimit-Limit")).isEqualTo("5");
        assertThat(first.header("X-Ratelimit-Remaining")).isEqualTo("4");
        assertThat(first.header("X-Ratelimit-Bucket")).isEqualTo("all");
        assertThat(Long.parseLong(first.header("X-Ratelimit-Reset"))).isGreaterThan(clock.millis() / 1000);
        for (int i = 0; i < 4; i++) {
            assertThat(http.get("/v3.0/schools", token).status()).isEqualTo(200);
        }

        SandboxHttp.Response limited = http.get("/v3.0/schools", token);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("X-Ratelimit-Remaining")).isEqualTo("0");
        assertThat(limited.json().getString("message")).isNotBlank();
        String other = sandbox.world().districtToken(sandbox.world().generateDistrict("Other", 50, 3));
        assertThat(http.get("/v3.0/schools", other).status()).as("limits are per token").isEqualTo(200);
    }

    @Test
    void injectsServerErrorsAndTooManyRequests() {
        sandbox.world().faults().setRate5xx(1.0);
        assertThat(http.get("/v3.0/users", token).status()).isIn(500, 502, 503);

        sandbox.world().faults().clear().setRate429(1.0);
        SandboxHttp.Response limited = http.get("/v3.0/users", token);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("X-Ratelimit-Reset")).isNotNull();

        sandbox.world().faults().clear();
        assertThat(http.get("/v3.0/users", token).status()).isEqualTo(200);
    }

    @Test
    void addsLatency() {
        sandbox.world().faults().setLatencyMillis(300);
        long started = System.nanoTime();
        assertThat(http.get("/v3.0/districts", token).status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void truncatesThenNextPagesOnly() {
        sandbox.world().faults().truncateNextPages(1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v3.0/users?limit=100"))
                .header("Authorization", "Bearer " + token).build();

        assertThatThrownBy(() -> new JsonObject(http.send(request).body())).isInstanceOfAny(RuntimeException.class);
        assertThat(http.get("/v3.0/users?limit=100", token).json().getJsonArray("data")).isNotEmpty();
    }
}
