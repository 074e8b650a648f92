package io.rosterbridge.sandbox.events;

import java.util.Set;

import io.rosterbridge.sandbox.render.ApiJson;

/**
 * A record as the app saw it at one moment: the immutable record and the sharing snapshot, captured by
 * {@code writer} and rendered only when asked. Keeps an event a few dozen bytes until someone reads it.
 */
public record RecordView(ApiJson.Writer writer, Set<String> schools) {

    public byte[] render() {
        return ApiJson.toBytes(writer);
    }
}
