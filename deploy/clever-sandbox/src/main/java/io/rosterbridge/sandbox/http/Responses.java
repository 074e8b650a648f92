package io.rosterbridge.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers shared by the route classes. */
public final class Responses {

    public static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        json(ctx, status, body.encode());
    }

    public static void json(RoutingContext ctx, int status, String body) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    /** Clever Data API error body. */
    public static void message(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("message", message));
    }

    /** OAuth error body ({@code {"error","error_description"}}). */
    public static void oauthError(RoutingContext ctx, int status, String error, String description) {
        json(ctx, status, new JsonObject().put("error", error).put("error_description", description));
    }

    /** The bearer token of the request, or null. */
    public static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** {@code [clientId, clientSecret]} from a Basic header, or null. */
    public static String[] basic(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String escapeHtml(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
