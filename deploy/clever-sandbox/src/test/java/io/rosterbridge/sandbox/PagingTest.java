package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.json.JsonObject;

/** Following Clever's links returns every record exactly once, in id order, whatever the limit. */
class PagingTest {

    private static final int USERS = 400;

    private static CleverSandbox sandbox;
    private static SandboxHttp http;
    private static String district;
    private static String token;

    @BeforeAll
    static void start() {
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false).withRateLimitPerMinute(1_000_000));
        http = new SandboxHttp(sandbox.baseUrl());
        district = sandbox.world().generateDistrict("Paging", USERS, 77);
        token = sandbox.world().districtToken(district);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 99, 100, 101, 399, 400, 401, 10_000})
    void forwardPagingReturnsEveryUserOnce(int limit) {
        List<String> expected = sandbox.world().userIds(district, (String) null);

        List<String> seen = walk("/v3.0/users?limit=" + limit, "next");

        assertThat(seen).hasSize(USERS).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 399, 10_000})
    void backwardPagingReturnsEveryUserOnce(int limit) {
        List<String> expected = sandbox.world().userIds(district, (String) null);

        List<String> seen = walk("/v3.0/users?limit=" + limit + "&ending_before=last", "prev");
        Collections.reverse(seen);

        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @Test
    void defaultLimitIsOneHundred() {
        JsonObject page = http.get("/v3.0/users", token).json();

        assertThat(page.getJsonArray("data")).hasSize(100);
        assertThat(DataApiTest.link(page, "next")).isEqualTo("/v3.0/users?starting_after=" + DataApiTest.ids(page).get(99));
    }

    @Test
    void randomLimitsOverFilteredCollections() {
        SplittableRandom random = new SplittableRandom(20_261_129L);
        String school = sandbox.world().schoolIds(district).get(0);
        for (int i = 0; i < 12; i++) {
            int limit = 1 + random.nextInt(60);
            assertThat(walk("/v3.0/users?role=teacher&limit=" + limit, "next"))
                    .containsExactlyElementsOf(sandbox.world().userIds(district, "teacher"));
            assertThat(walk("/v3.0/sections?limit=" + limit, "next"))
                    .containsExactlyElementsOf(sandbox.world().sectionIds(district));
            List<String> schoolUsers = walk("/v3.0/schools/" + school + "/users?limit=" + limit, "next");
            assertThat(schoolUsers).doesNotHaveDuplicates().isSorted()
                    .allSatisfy(id -> assertThat(sandbox.world().user(id).inSchool(school)).isTrue());
        }
    }

    @Test
    void aStartingAfterPageCarriesPrevEvenAtTheStart() {
        String first = sandbox.world().userIds(district, (String) null).get(0);
        JsonObject page = http.get("/v3.0/users?limit=5&starting_after=" + first, token).json();
        String prev = DataApiTest.link(page, "prev");

        assertThat(prev).isNotNull();
        JsonObject before = http.get(prev, token).json();
        assertThat(DataApiTest.ids(before)).containsExactly(first);
    }

    private static List<String> walk(String start, String rel) {
        List<String> seen = new ArrayList<>();
        String uri = start;
        int guard = 0;
        while (uri != null) {
            SandboxHttp.Response response = http.get(uri, token);
            assertThat(response.status()).as(uri).isEqualTo(200);
            JsonObject page = response.json();
            List<String> ids = DataApiTest.ids(page);
            if (ids.isEmpty()) {
                break;
            }
            if (rel.equals("prev")) {
                List<String> reversed = new ArrayList<>(ids);
                Collections.reverse(reversed);
                seen.addAll(reversed);
            } else {
                seen.addAll(ids);
            }
            uri = DataApiTest.link(page, rel);
            assertThat(++guard).as("pages").isLessThan(10 * USERS);
        }
        return seen;
    }
}
