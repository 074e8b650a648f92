package io.rosterbridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.vertx.core.json.JsonObject;

/**
 * A small HTTP client for the tests (java.net.http, no redirects followed). It keeps the JDK's default
 * version, so it offers h2c as other callers would; a stalled response fails in seconds, naming the request.
 */
final class SandboxHttp {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;

    SandboxHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response get(String pathAndQuery, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    Response getBasic(String pathAndQuery, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header("Authorization", "Basic " + basic)
                .GET().build());
    }

    Response post(String path, String contentType, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Response send(HttpRequest request) {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(timed, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {

        JsonObject json() {
            return new JsonObject(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}
