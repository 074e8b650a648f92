package io.rosterbridge.writer.service;

import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;

/**
 * Where the service hands a roster.applied signal to go out (implemented by messaging.AppliedPublisher): the service
 * owns the outbox and says what to send; the adapter knows the broker.
 */
public interface AppliedSender {

    /** Returns once the broker has the signal; throws if it does not. */
    void send(RosterAppliedEvent event);
}
