package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rosterbridge.sandbox.generator.FleetMix;
import io.rosterbridge.sandbox.http.RequestCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A generated fleet: its mix, one token per district that sees only its own district, and the request counter. */
class FleetTest {

    private MutableClock clock;
    private CleverSandbox sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        // a frozen clock: every request of a test falls into one rate-limit minute
        clock = new MutableClock(Instant.parse("2026-12-07T04:00:00Z"));
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false).withClock(clock));
        http = new SandboxHttp(sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void generatesTheMixWithOneConnectedDistrictAndTokenEach() {
        List<SandboxWorld.FleetDistrict> fleet = sandbox.world().generateFleet(6, 42);

        assertThat(fleet).extracting(SandboxWorld.FleetDistrict::users).isEqualTo(FleetMix.sizes(6, 42));
        assertThat(fleet).extracting(SandboxWorld.FleetDistrict::name).startsWith("Fleet District 1").doesNotHaveDuplicates();
        assertThat(fleet).extracting(SandboxWorld.FleetDistrict::id).doesNotHaveDuplicates();
        assertThat(fleet).extracting(SandboxWorld.FleetDistrict::accessToken).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(sandbox.world().districtIds()).containsExactlyElementsOf(fleet.stream().map(SandboxWorld.FleetDistrict::id).toList());
        for (SandboxWorld.FleetDistrict district : fleet) {
            assertThat(sandbox.world().userCount(district.id())).isEqualTo(district.users());
            assertThat(sandbox.world().districtToken(district.id())).isEqualTo(district.accessToken());
        }
    }

    @Test
    void theSameSeedGivesTheSameFleetInAnotherSandbox() {
        List<SandboxWorld.FleetDistrict> first = sandbox.world().generateFleet(4, 9);
        try (CleverSandbox other = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false))) {
            List<SandboxWorld.FleetDistrict> second = other.world().generateFleet(4, 9);

            assertThat(second).extracting(SandboxWorld.FleetDistrict::id).isEqualTo(first.stream().map(SandboxWorld.FleetDistrict::id).toList());
            assertThat(other.world().userIds(second.get(2).id(), (String) null))
                    .isEqualTo(sandbox.world().userIds(first.get(2).id(), (String) null));
        }
    }

    @Test
    void eachTokenSeesOnlyItsOwnDistrict() {
        List<SandboxWorld.FleetDistrict> fleet = sandbox.world().generateFleet(3, 5);

        Set<String> seenByAll = new HashSet<>();
        for (SandboxWorld.FleetDistrict district : fleet) {
            JsonObject districts = http.get("/v3.0/districts", district.accessToken()).json();
            assertThat(DataApiTest.ids(districts)).containsExactly(district.id());
            List<String> users = allUsers(district.accessToken());
            assertThat(users).hasSize(district.users())
                    .containsExactlyElementsOf(sandbox.world().userIds(district.id(), (String) null));
            assertThat(users).allSatisfy(id -> assertThat(seenByAll).doesNotContain(id));
            seenByAll.addAll(users);
            for (SandboxWorld.FleetDistrict other : fleet) {
                if (other != district) {
                    assertThat(http.get("/v3.0/districts/" + other.id(), district.accessToken()).status()).isEqualTo(404);
                    String otherUser = sandbox.world().userIds(other.id(), (String) null).get(0);
                    assertThat(http.get("/v3.0/users/" + otherUser, district.accessToken()).status()).isEqualTo(404);
                    String otherSchool = sandbox.world().schoolIds(other.id()).get(0);
                    assertThat(http.get("/v3.0/schools/" + otherSchool, district.accessToken()).status()).isEqualTo(404);
                }
            }
        }
    }

    @Test
    void adminApiGeneratesAFleetAndRejectsBadCounts() {
        SandboxHttp.Response response = http.post("/sandbox/fleet", "application/json",
                new JsonObject().put("districts", 5).put("seed", 42).encode(), null);

        assertThat(response.status()).isEqualTo(200);
        JsonObject body = response.json();
        JsonArray data = body.getJsonArray("data");
        assertThat(body.getInteger("districts")).isEqualTo(5);
        assertThat(data).hasSize(5);
        List<Integer> sizes = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < data.size(); i++) {
            JsonObject district = data.getJsonObject(i);
            sizes.add(district.getInteger("users"));
            total += district.getInteger("users");
            assertThat(sandbox.world().districtToken(district.getString("id"))).isEqualTo(district.getString("accessToken"));
        }
        assertThat(sizes).isEqualTo(FleetMix.sizes(5, 42));
        assertThat(body.getLong("users")).isEqualTo(total);
        assertThat(http.post("/sandbox/fleet", "application/json", "{\"districts\":0}", null).status()).isEqualTo(400);
        assertThat(http.post("/sandbox/fleet", "application/json", "{\"districts\":5001}", null).status()).isEqualTo(400);
        assertThat(sandbox.world().districtIds()).hasSize(5);
    }

    @Test
    void countsRequestsPerTokenPerMinuteByDistrict() {
        List<SandboxWorld.FleetDistrict> fleet = sandbox.world().generateFleet(2, 3);
        for (int i = 0; i < 3; i++) {
            http.get("/v3.0/schools?limit=1", fleet.get(0).accessToken());
        }
        http.get("/v3.0/schools?limit=1", fleet.get(1).accessToken());
        clock.advance(java.time.Duration.ofMinutes(1));
        http.get("/v3.0/schools?limit=1", fleet.get(0).accessToken());
        http.get("/v3.0/schools?limit=1", null); // no token: not counted, as Clever's 401 is not

        RequestCounts counts = sandbox.requestCounts();

        assertThat(counts.limitPerMinute()).isEqualTo(1200);
        assertThat(counts.peakPerDistrict()).containsEntry(fleet.get(0).id(), 3).containsEntry(fleet.get(1).id(), 1).hasSize(2);
        assertThat(counts.maxPerTokenMinute()).isEqualTo(3);
        assertThat(counts.appPerMinute()).containsExactly(
                java.util.Map.entry(Instant.parse("2026-12-07T04:00:00Z"), 4L),
                java.util.Map.entry(Instant.parse("2026-12-07T04:01:00Z"), 1L));
        JsonObject admin = http.get("/sandbox/requests", null).json();
        assertThat(admin.getInteger("maxPerTokenMinute")).isEqualTo(3);
        assertThat(admin.getJsonArray("districts")).hasSize(2);
        assertThat(admin.getJsonArray("appPerMinute").getJsonObject(0).getLong("requests")).isEqualTo(4L);
        assertThat(admin.encode()).doesNotContain(fleet.get(0).accessToken());
    }

    private List<String> allUsers(String token) {
        List<String> ids = new ArrayList<>();
        String next = "/v3.0/users?limit=1000";
        while (next != null) {
            JsonObject page = http.get(next, token).json();
            ids.addAll(DataApiTest.ids(page));
            next = DataApiTest.link(page, "next");
        }
        return ids;
    }

}
