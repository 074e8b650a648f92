package io.rosterbridge.sandbox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CleverSandboxTestResourceTest {

    @Test
    void pointsTheServiceAtOneSharedSandboxAndRegistersRedirectUris() {
        CleverSandboxTestResource first = new CleverSandboxTestResource();
        first.init(Map.of(CleverSandboxTestResource.REDIRECT_URIS, "https://gateway.test/callback, https://gateway.test/other"));
        Map<String, String> config = first.start();
        CleverSandboxTestResource second = new CleverSandboxTestResource();
        second.init(Map.of());
        Map<String, String> again = second.start();

        assertThat(config).containsOnlyKeys("clever.api-base-url", "clever.oauth-base-url", "clever.client-id",
                "clever.client-secret");
        assertThat(config.get("clever.api-base-url")).isEqualTo(CleverSandboxTestResource.sandbox().baseUrl())
                .isEqualTo(config.get("clever.oauth-base-url"));
        assertThat(again).isEqualTo(config);
        assertThat(CleverSandboxTestResource.sandbox().redirectUris())
                .startsWith("https://gateway.test/callback", "https://gateway.test/other");
        assertThat(CleverSandboxTestResource.sandbox().demoDistrictId()).isNotNull();
    }
}
