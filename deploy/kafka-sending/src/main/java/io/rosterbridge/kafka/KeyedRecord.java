package io.rosterbridge.kafka;

import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One record to send: its topic ({@code null} on a SmallRye channel: the channel's own topic), key, value and headers
 * ({@code null} when it has none: a batch of 100k events then allocates no headers of its own, and the producer's
 * record does not copy an empty list per send).
 */
public record KeyedRecord(String topic, String key, String value, Headers headers) {

    public static KeyedRecord of(String topic, String key, String value) {
        return new KeyedRecord(topic, key, value, null);
    }

    /** The payload as JSON, the value every event of docs/events has. */
    public static KeyedRecord json(ObjectMapper json, String topic, String key, Object payload) {
        try {
            return of(topic, key, json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + payload.getClass().getSimpleName()
                    + (topic == null ? "" : " for " + topic), e);
        }
    }
}
