package io.rosterbridge.writer.messaging;

import java.time.Duration;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Keyed JSON sends that return only once the broker acknowledged them (acks=all on the channel). */
final class KafkaSender {

    private KafkaSender() {
    }

    static void sendAndAwait(MutinyEmitter<String> emitter, ObjectMapper json, String key, Object payload, Duration timeout) {
        String value;
        try {
            value = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + payload.getClass().getSimpleName(), e);
        }
        Message<String> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        emitter.sendMessage(message).await().atMost(timeout);
    }
}
