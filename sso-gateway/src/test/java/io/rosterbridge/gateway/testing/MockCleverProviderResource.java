package io.rosterbridge.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An OIDC provider that is not ours (mock-oauth2-server), standing in for Clever: the gateway must work with any
 * standard provider, not only with the sandbox it was built beside. Its token endpoint is reached through a small
 * relay that can break the signature of the next id_token ({@link #tamperNextIdTokenSignature()}), something no
 * provider does on request.
 */
public class MockCleverProviderResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER_ID = "clever";
    public static final String CLIENT_ID = "rosterbridge-gateway";
    public static final String CLIENT_SECRET = "test-only-secret";

    private static MockOAuth2Server server;
    private static Vertx vertx;
    private static HttpServer tokenRelay;
    private static final AtomicBoolean TAMPER_NEXT = new AtomicBoolean();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    /** The next id_token the token endpoint returns gets a broken signature. */
    public static void tamperNextIdTokenSignature() {
        TAMPER_NEXT.set(true);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (tokenRelay == null) {
            vertx = Vertx.vertx();
            try {
                tokenRelay = vertx.createHttpServer().requestHandler(MockCleverProviderResource::relayTokenRequest)
                        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the token relay", e);
            }
        }
        return Map.of(
                "clever.oauth-base-url", issuer(),
                "clever.client-id", CLIENT_ID,
                "clever.client-secret", CLIENT_SECRET,
                "quarkus.oidc.token-path", "http://localhost:" + tokenRelay.actualPort() + "/token");
    }

    private static void relayTokenRequest(HttpServerRequest request) {
        request.body().onSuccess(body -> vertx.executeBlocking(() -> {
            HttpRequest.Builder forward = HttpRequest.newBuilder(server().tokenEndpointUrl(ISSUER_ID).uri())
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .header("Content-Type", request.getHeader("Content-Type"));
            if (request.getHeader("Authorization") != null) {
                forward.header("Authorization", request.getHeader("Authorization"));
            }
            HttpResponse<String> answer = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            String responseBody = answer.body();
            if (answer.statusCode() == 200 && TAMPER_NEXT.getAndSet(false)) {
                JsonObject tokens = new JsonObject(responseBody);
                String[] parts = tokens.getString("id_token").split("\\.");
                char[] signature = parts[2].toCharArray();
                signature[10] = signature[10] == 'A' ? 'B' : 'A';
                tokens.put("id_token", parts[0] + "." + parts[1] + "." + new String(signature));
                responseBody = tokens.encode();
            }
            request.response().setStatusCode(answer.statusCode())
                    .putHeader("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"))
                    .end(responseBody);
            return null;
        }).onFailure(failure -> request.response().setStatusCode(502).end(failure.toString())));
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped at exit.
    }
}
