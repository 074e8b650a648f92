package io.rosterbridge.sandbox.events;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One Events API item. {@code object} is the record after the change ({@code *.deleted}: its last visible
 * state); {@code before} is set only on {@code *.updated} and yields {@code previous_attributes}.
 */
public record SandboxEvent(String id, String type, long created, Set<String> schools, RecordView object,
        RecordView before) {

    /** {@code users}, {@code schools}, ... — the part of {@code type} before the dot. */
    public String recordType() {
        return type.substring(0, type.indexOf('.'));
    }

    public String objectJson() {
        return new String(object.render(), StandardCharsets.UTF_8);
    }

    /** Old values of the top-level fields that changed (null on created/deleted). */
    public JsonObject previousAttributes() {
        if (before == null) {
            return null;
        }
        JsonObject old = new JsonObject(Buffer.buffer(before.render()));
        JsonObject current = new JsonObject(Buffer.buffer(object.render()));
        JsonObject previous = new JsonObject();
        Set<String> keys = new HashSet<>(old.fieldNames());
        keys.addAll(current.fieldNames());
        for (String key : keys) {
            if (!Objects.equals(old.getValue(key), current.getValue(key))) {
                previous.put(key, old.getValue(key));
            }
        }
        return previous;
    }
}
