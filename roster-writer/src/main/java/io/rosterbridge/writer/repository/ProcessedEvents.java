package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postgresql.util.PSQLState;

import io.rosterbridge.contracts.rosterchanges.RosterMessage;

/**
 * The idempotency log. Claiming events records their ids in the caller's transaction; only the ids not seen before
 * come back, so the effect of a redelivered or replayed event is skipped, and a rolled-back transaction un-claims its
 * events together with their effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    DataSource dataSource;

    private static final String COPY_ALL = "COPY processed_event (event_id, run_id) FROM STDIN";

    private static final String CLAIM_UNSEEN = """
            INSERT INTO processed_event (event_id, run_id)
            SELECT * FROM unnest(?::uuid[], ?::uuid[])
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    private static final String DELETE_CLAIMED_BEFORE = """
            DELETE FROM processed_event
            WHERE ctid = ANY (ARRAY(SELECT ctid FROM processed_event WHERE processed_at < ? LIMIT ?))""";

    /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<RosterMessage> IN_KEY_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.eventId().getMostSignificantBits(), b.eventId().getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.eventId().getLeastSignificantBits(), b.eventId().getLeastSignificantBits());
    };

    /**
     * @param messages distinct event ids, in order
     * @return the messages not claimed before, in the same order
     */
    public <M extends RosterMessage> List<M> claim(List<M> messages) throws SQLException {
        if (messages.isEmpty()) {
            return List.of();
        }
        // The connection is the caller's transaction's: closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection()) {
            return claim(connection, messages);
        }
    }

    private static <M extends RosterMessage> List<M> claim(Connection connection, List<M> messages) throws SQLException {
        // In the index's order: consecutive inserts then land on neighbouring pages, which halves the index's cost
        // against ids in random order (measured with COPY: 0.27 s against 0.55 s per 100k).
        List<M> inKeyOrder = new ArrayList<>(messages);
        inKeyOrder.sort(IN_KEY_ORDER);
        if (copyAll(connection, inKeyOrder)) {
            return List.copyOf(messages);
        }
        Set<UUID> fresh = claimUnseen(connection, inKeyOrder);
        return messages.stream().filter(message -> fresh.contains(message.eventId())).toList();
    }

    /**
     * Nearly every claim is of events never seen (a seen one comes only after a crash, a rebalance or a replay), and
     * a plain {@code COPY} claims them at half the database work of {@code INSERT … ON CONFLICT}. Under a savepoint,
     * so that one seen event undoes only this attempt: false then, and nothing of it stays.
     */
    private static boolean copyAll(Connection connection, List<? extends RosterMessage> messages) throws SQLException {
        CopyText rows = new CopyText(messages.size() * 74);
        for (RosterMessage message : messages) {
            rows.plain(message.eventId()).plain(message.runId()).endRow();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT claim");
            try {
                CopyText.copyIn(connection, COPY_ALL, rows.text());
            } catch (SQLException e) {
                if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT claim");
                statement.execute("RELEASE SAVEPOINT claim");
                return false;
            }
            statement.execute("RELEASE SAVEPOINT claim");
            return true;
        }
    }

    /**
     * Deletes at most {@code limit} event ids claimed before {@code cutoff}; returns how many it deleted. Outside a
     * transaction each call commits on its own.
     */
    public int deleteClaimedBefore(Instant cutoff, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DELETE_CLAIMED_BEFORE)) {
            statement.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }

    private static Set<UUID> claimUnseen(Connection connection, List<? extends RosterMessage> messages) throws SQLException {
        // Array literals written directly: uuids need no quoting, and the driver's generic array encoder was most of
        // this method's time.
        StringBuilder eventIds = new StringBuilder(messages.size() * 37 + 2).append('{');
        StringBuilder runIds = new StringBuilder(messages.size() * 37 + 2).append('{');
        for (RosterMessage message : messages) {
            eventIds.append(message.eventId()).append(',');
            runIds.append(message.runId()).append(',');
        }
        eventIds.setCharAt(eventIds.length() - 1, '}');
        runIds.setCharAt(runIds.length() - 1, '}');
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM_UNSEEN)) {
            statement.setString(1, eventIds.toString());
            statement.setString(2, runIds.toString());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }
}
