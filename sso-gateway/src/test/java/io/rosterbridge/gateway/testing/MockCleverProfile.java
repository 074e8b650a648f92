package io.rosterbridge.gateway.testing;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The gateway with mock-oauth2-server as its OpenID Connect provider instead of the Clever sandbox. */
public class MockCleverProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MockCleverProviderResource.class));
    }
}
