package io.rosterbridge.gateway.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.kafka.KeyedRecord;
import io.rosterbridge.kafka.RecordSink;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Sends login outcomes to login.audit; the returned stage completes when the broker has acknowledged (acks=all). */
@ApplicationScoped
public class LoginAuditPublisher {

    @Inject
    @Channel(Channels.LOGIN_AUDIT)
    MutinyEmitter<String> audit;

    @Inject
    ObjectMapper json;

    public CompletionStage<Void> publish(LoginAuditEvent event) {
        KeyedRecord record;
        try {
            record = KeyedRecord.json(json, null, event.key(), event);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        return RecordSink.channel(audit).send(record);
    }
}
