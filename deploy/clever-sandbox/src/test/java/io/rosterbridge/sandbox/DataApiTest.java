package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class DataApiTest {

    private static CleverSandbox sandbox;
    private static SandboxHttp http;
    private static String token;

    @BeforeAll
    static void start() {
        sandbox = CleverSandbox.start(SandboxOptions.defaults());
        http = new SandboxHttp(sandbox.baseUrl());
        token = sandbox.world().districtToken(sandbox.demoDistrictId());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void listsTheDistrictInClevesEnvelope() {
        SandboxHttp.Response response = http.get("/v3.0/districts", token);

        assertThat(response.status()).isEqualTo(200);
        JsonObject body = response.json();
        JsonArray data = body.getJsonArray("data");
        assertThat(data).hasSize(1);
        JsonObject item = data.getJsonObject(0);
        assertThat(item.getJsonObject("data").getString("id")).isEqualTo(sandbox.demoDistrictId());
        assertThat(item.getString("uri")).isEqualTo("/v3.0/districts/" + sandbox.demoDistrictId());
        assertThat(body.getJsonArray("links").getJsonObject(0).getString("rel")).isEqualTo("self");
    }

    @Test
    void answersAnH2cUpgradeOfferInHttp11() {
        // The JDK client offers h2c on every first request; accepting it stalled large responses now and then.
        SandboxHttp.Response response = http.get("/v3.0/users?limit=1000", token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void demoDistrictIsTheSameOnEveryStart() {
        try (CleverSandbox other = CleverSandbox.start(SandboxOptions.defaults())) {
            assertThat(other.demoDistrictId()).isEqualTo(sandbox.demoDistrictId());
            assertThat(other.world().userIds(other.demoDistrictId(), (String) null))
                    .isEqualTo(sandbox.world().userIds(sandbox.demoDistrictId(), (String) null));
        }
    }

    @Test
    void pagesUsersAscendingWithRelativeNextLinks() {
        SandboxHttp.Response first = http.get("/v3.0/users?limit=5", token);
        assertThat(first.status()).isEqualTo(200);
        List<String> ids = ids(first.json());
        assertThat(ids).hasSize(5).isSorted().allMatch(id -> id.matches("[0-9a-f]{24}"));
        String next = link(first.json(), "next");
        assertThat(next).isEqualTo("/v3.0/users?limit=5&starting_after=" + ids.get(4));

        SandboxHttp.Response second = http.get(next, token);
        assertThat(ids(second.json())).first().satisfies(id -> assertThat(id).isGreaterThan(ids.get(4)));
        assertThat(link(second.json(), "prev")).isEqualTo("/v3.0/users?limit=5&ending_before=" + ids(second.json()).get(0));
    }

    @Test
    void filtersUsersByRole() {
        List<String> teachers = ids(http.get("/v3.0/users?role=teacher", token).json());

        assertThat(teachers).containsExactlyElementsOf(sandbox.world().userIds(sandbox.demoDistrictId(), "teacher"));
    }

    @Test
    void answersClevesErrors() {
        assertThat(http.get("/v3.0/users", "not-a-token").status()).isEqualTo(401);
        assertThat(http.get("/v3.0/users", null).json().getString("message")).isNotBlank();
        assertThat(http.get("/v3.0/users?limit=10001", token).status()).isEqualTo(413);
        assertThat(http.get("/v3.0/users/000000000000000000000000", token).status()).isEqualTo(404);
        assertThat(http.get("/v3.0/users?limit=abc", token).status()).isEqualTo(400);
    }

    @Test
    void listsDistrictTokensForTheApp() {
        SandboxHttp.Response response = http.getBasic("/oauth/tokens?owner_type=district&district="
                + sandbox.demoDistrictId(), sandbox.clientId(), sandbox.clientSecret());

        assertThat(response.status()).isEqualTo(200);
        JsonObject tokenItem = response.json().getJsonArray("data").getJsonObject(0);
        assertThat(tokenItem.getString("access_token")).isEqualTo(token);
        assertThat(tokenItem.getJsonObject("owner").getString("id")).isEqualTo(sandbox.demoDistrictId());
        assertThat(http.getBasic("/oauth/tokens?owner_type=district", sandbox.clientId(), "wrong").status()).isEqualTo(401);
    }

    static List<String> ids(JsonObject page) {
        return page.getJsonArray("data").stream()
                .map(item -> ((JsonObject) item).getJsonObject("data").getString("id")).toList();
    }

    static String link(JsonObject page, String rel) {
        return page.getJsonArray("links").stream().map(JsonObject.class::cast)
                .filter(l -> rel.equals(l.getString("rel"))).map(l -> l.getString("uri")).findFirst().orElse(null);
    }
}
