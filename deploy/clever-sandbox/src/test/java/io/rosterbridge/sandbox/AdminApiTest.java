package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class AdminApiTest {

    private static CleverSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = CleverSandbox.start(SandboxOptions.defaults());
        http = new SandboxHttp(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void generatesAndDisconnectsADistrict() {
        JsonObject generated = post("/sandbox/districts", new JsonObject().put("name", "Admin Test").put("users", 2000)
                .put("seed", 11)).json();
        String id = generated.getString("id");
        String token = generated.getString("accessToken");
        assertThat(generated.getInteger("users")).isEqualTo(2000);
        assertThat(http.get("/v3.0/users?limit=1", token).status()).isEqualTo(200);

        post("/sandbox/districts/" + id + "/disconnect", new JsonObject());

        assertThat(http.get("/v3.0/users?limit=1", token).status()).isEqualTo(401);
        JsonObject tokens = http.getBasic("/oauth/tokens?owner_type=district", sandbox.clientId(), sandbox.clientSecret()).json();
        assertThat(tokens.getJsonArray("data").stream().map(t -> ((JsonObject) t).getJsonObject("owner").getString("id")))
                .doesNotContain(id);
    }

    @Test
    void addsRenamesAndRemovesUsers() {
        String district = sandbox.demoDistrictId();
        String school = sandbox.world().schoolIds(district).get(1);
        JsonObject user = post("/sandbox/districts/" + district + "/users", new JsonObject().put("role", "student")
                .put("schoolIds", new JsonArray().add(school)).put("first", "Kai").put("last", "Lee")).json();
        String id = user.getString("id");
        String token = sandbox.world().districtToken(district);
        assertThat(http.get("/v3.0/users/" + id, token).json().getJsonObject("data").containsKey("email")).isFalse();

        SandboxHttp.Response patched = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.baseUrl() + "/sandbox/users/" + id))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"first\":\"Kairo\"}"))
                .header("Content-Type", "application/json").build());
        assertThat(patched.json().getString("first")).isEqualTo("Kairo");

        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/sandbox/users/" + id))
                .DELETE().build());
        assertThat(http.get("/v3.0/users/" + id, token).status()).isEqualTo(404);
    }

    @Test
    void rejectsBadInputWithoutChangingAnything() {
        int before = sandbox.world().userCount(sandbox.demoDistrictId());

        SandboxHttp.Response noSchool = post("/sandbox/districts/" + sandbox.demoDistrictId() + "/users",
                new JsonObject().put("role", "teacher").put("first", "A").put("last", "B"));
        SandboxHttp.Response badRole = post("/sandbox/districts/" + sandbox.demoDistrictId() + "/users",
                new JsonObject().put("role", "janitor").put("first", "A").put("last", "B"));
        SandboxHttp.Response unknownDistrict = post("/sandbox/districts/ffffffffffffffffffffffff/connect", new JsonObject());
        SandboxHttp.Response badRate = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.baseUrl() + "/sandbox/faults"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"rate429\":2}")).build());

        assertThat(noSchool.status()).isEqualTo(400);
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().getString("message")).contains("janitor");
        assertThat(unknownDistrict.status()).isEqualTo(404);
        assertThat(badRate.status()).isEqualTo(400);
        assertThat(sandbox.world().faults().rate429()).isZero();
        assertThat(sandbox.world().userCount(sandbox.demoDistrictId())).isEqualTo(before);
    }

    private static SandboxHttp.Response post(String path, JsonObject body) {
        return http.post(path, "application/json", body.encode(), null);
    }
}
