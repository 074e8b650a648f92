package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.writer.change.RosterMessage;

/**
 * The idempotency log. Claiming an event inserts its id in the caller's transaction; only the ids not seen
 * before come back, so the effect of a redelivered or replayed event is skipped, and a rolled-back
 * transaction un-claims its events together with their effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String CLAIM = """
            INSERT INTO processed_event (event_id, run_id)
            SELECT * FROM unnest(?::uuid[], ?::uuid[])
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    /** @param messages distinct event ids; returns those that were not processed before */
    public Set<UUID> claim(Connection connection, Collection<? extends RosterMessage> messages) throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        if (messages.isEmpty()) {
            return fresh;
        }
        UUID[] eventIds = messages.stream().map(RosterMessage::eventId).toArray(UUID[]::new);
        UUID[] runIds = messages.stream().map(RosterMessage::runId).toArray(UUID[]::new);
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setArray(1, connection.createArrayOf("uuid", eventIds));
            statement.setArray(2, connection.createArrayOf("uuid", runIds));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }
}
