package io.rosterbridge.requests.rest;

import io.vertx.core.http.HttpServerRequest;

/** The client's address for rate limiting (the forwarded one when proxy forwarding is enabled). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
