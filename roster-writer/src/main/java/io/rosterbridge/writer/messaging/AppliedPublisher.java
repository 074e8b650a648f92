package io.rosterbridge.writer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.kafka.KafkaSender;
import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.service.AppliedSender;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes roster.applied, keyed by district, and waits for the broker's ack. */
@ApplicationScoped
public class AppliedPublisher implements AppliedSender {

    @Inject
    @Channel(Channels.ROSTER_APPLIED)
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper json;

    @Inject
    WriterConfig config;

    @Override
    public void send(RosterAppliedEvent event) {
        KafkaSender.sendAndAwait(emitter, json, event.districtId(), event, config.sendTimeout());
    }
}
