package io.rosterbridge.requests.link;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes a district's link on the compacted district.links topic, keyed by district, and waits for the broker's ack. */
@ApplicationScoped
public class LinkPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("district-links")
    Emitter<String> links;

    @Inject
    ObjectMapper json;

    public void publish(DistrictLinkEvent link) {
        String payload;
        try {
            payload = json.writeValueAsString(link);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise link of " + link.districtId(), e);
        }
        var acked = new java.util.concurrent.CompletableFuture<Void>();
        Message<String> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(link.districtId()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                });
        links.send(message);
        try {
            acked.get(ACK_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Link of district " + link.districtId() + " was not acknowledged by Kafka", e);
        }
    }
}
