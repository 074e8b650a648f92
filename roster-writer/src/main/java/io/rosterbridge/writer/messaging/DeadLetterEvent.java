package io.rosterbridge.writer.messaging;

import java.time.Instant;

/** The roster.dead-letter message (docs/events/roster-dead-letter.schema.json). */
public record DeadLetterEvent(
        String reason,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String payload,
        Instant deadLetteredAt) {
}
