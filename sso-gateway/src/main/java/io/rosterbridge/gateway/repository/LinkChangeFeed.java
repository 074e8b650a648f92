package io.rosterbridge.gateway.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Link changes as PostgreSQL notifications on channel {@value #CHANNEL}, one per committed change of linked_district
 * ({@link #announce} runs inside the changing transaction, and PostgreSQL delivers the notification only at commit).
 * Every replica shares the database, so every replica hears every change, after the new row is visible.
 */
@ApplicationScoped
public class LinkChangeFeed {

    static final String CHANNEL = "linked_district_changed";

    private static final Logger LOG = Logger.getLogger(LinkChangeFeed.class);

    @Inject
    DataSource dataSource;

    @Inject
    LinkedDistrictRepository districts;

    /** Tells every replica, once this transaction commits, that the district's link changed. */
    public void announce(String districtId) {
        districts.getEntityManager()
                .createNativeQuery("select pg_notify(:channel, :districtId)")
                .setParameter("channel", CHANNEL)
                .setParameter("districtId", districtId)
                .getSingleResult();
    }

    /**
     * Listens until {@code running} says stop, on one connection held for the purpose. {@code onListening} runs each
     * time listening (re)starts: changes made while this replica was not listening were not heard, so the caller
     * forgets everything it derived from the table. A lost connection is reopened after {@code retryMillis}.
     */
    public void follow(Consumer<String> onChange, Runnable onListening, BooleanSupplier running,
            long pollMillis, long retryMillis) {
        while (running.getAsBoolean()) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true); // LISTEN takes effect at commit; notifications arrive between transactions
                statement.execute("LISTEN " + CHANNEL);
                onListening.run();
                LOG.info("Listening for link changes");
                PGConnection listening = connection.unwrap(PGConnection.class);
                while (running.getAsBoolean()) {
                    PGNotification[] heard = listening.getNotifications((int) pollMillis);
                    if (heard != null) {
                        for (PGNotification notification : heard) {
                            onChange.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running.getAsBoolean()) {
                    return;
                }
                LOG.warnf("Listening for link changes failed (SQLSTATE %s); listening again in %d ms", e.getSQLState(), retryMillis);
                sleep(retryMillis);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
