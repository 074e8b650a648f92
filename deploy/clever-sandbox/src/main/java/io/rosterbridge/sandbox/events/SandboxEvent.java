package io.rosterbridge.sandbox.events;

import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * One Events API item. {@code previousAttributes} is set only on {@code *.updated}; on {@code *.deleted}
 * {@code object} holds the record's last visible state.
 */
public record SandboxEvent(String id, String type, long created, Set<String> schools, JsonObject object,
        JsonObject previousAttributes) {

    /** {@code users}, {@code schools}, ... — the part of {@code type} before the dot. */
    public String recordType() {
        return type.substring(0, type.indexOf('.'));
    }
}
