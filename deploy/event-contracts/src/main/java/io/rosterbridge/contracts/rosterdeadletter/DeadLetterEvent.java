package io.rosterbridge.contracts.rosterdeadletter;

import java.time.Instant;

import io.rosterbridge.contracts.Rfc3339;

/**
 * The roster.dead-letter message (docs/events/roster-dead-letter.schema.json): a roster.changes message roster-writer
 * refused, with the reason, for people. (The other services' dead-letter topics carry the original record with the
 * reason in headers; see docs/events/asyncapi.yaml.)
 */
public record DeadLetterEvent(
        String reason,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String payload,
        @Rfc3339 Instant deadLetteredAt) {
}
