package io.rosterbridge.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An OIDC provider that is not ours (mock-oauth2-server), standing in for Clever: the gateway must work with any
 * standard provider, not only with the sandbox it was built beside.
 */
public class MockCleverProviderResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER_ID = "clever";
    public static final String CLIENT_ID = "rosterbridge-gateway";
    public static final String CLIENT_SECRET = "test-only-secret";

    private static MockOAuth2Server server;

    public static synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server();
            server.start(0);
            MockOAuth2Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "mock-clever-shutdown"));
        }
        return server;
    }

    public static String issuer() {
        return server().issuerUrl(ISSUER_ID).toString();
    }

    /** Takes every request the provider has recorded so far. */
    public static List<RecordedRequest> drainRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        while (true) {
            RecordedRequest request;
            try {
                request = server().takeRequest(50, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                return requests;
            }
            if (request == null) {
                return requests;
            }
            requests.add(request);
        }
    }

    /** The form bodies of the token requests (code exchanges) among {@code requests}. */
    public static List<String> tokenRequests(List<RecordedRequest> requests) {
        return requests.stream()
                .filter(request -> request.getPath() != null && request.getPath().startsWith("/" + ISSUER_ID + "/token"))
                .map(request -> request.getBody().clone().readUtf8())
                .toList();
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "clever.oauth-base-url", issuer(),
                "clever.client-id", CLIENT_ID,
                "clever.client-secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped at exit.
    }
}
