package io.rosterbridge.gateway.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Sends login outcomes to login.audit; the returned stage completes when the broker has acknowledged (acks=all). */
@ApplicationScoped
public class LoginAuditPublisher {

    @Inject
    @Channel(Channels.LOGIN_AUDIT)
    Emitter<String> audit;

    @Inject
    ObjectMapper json;

    public CompletionStage<Void> publish(LoginAuditEvent event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot serialise audit event " + event.eventId(), e));
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            audit.send(message);
        } catch (RuntimeException e) { // buffer full or channel down: report it like a nack
            acked.completeExceptionally(e);
        }
        return acked;
    }
}
