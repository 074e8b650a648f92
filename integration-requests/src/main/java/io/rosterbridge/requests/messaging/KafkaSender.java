package io.rosterbridge.requests.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Sends one keyed record to a topic and waits for the broker's acknowledgement (acks=all). */
@ApplicationScoped
public class KafkaSender {

    @Inject
    @Channel(Topics.OUTBOX_CHANNEL)
    Emitter<String> records;

    public void sendAndAwait(String topic, String key, String payload, Duration timeout) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> record = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        records.send(record);
        try {
            acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge a record for " + topic + " (key " + key + ")", e);
        }
    }
}
