package io.rosterbridge.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.writer.service.ProcessedEventRetention;

@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class ProcessedEventRetentionTest {

    @Inject
    ProcessedEventRetention retention;

    @Inject
    DataSource dataSource;

    @Test
    void eventIdsOlderThanTheRetentionAreDeletedInBatchesAndNewerOnesKept() throws Exception {
        Instant now = Instant.now();
        UUID oldRun = UUID.randomUUID();
        UUID keptRun = UUID.randomUUID();
        // More than two batches of old ids, and ids a day inside the retention (30 days by default).
        insert(oldRun, 25_000, now.minus(Duration.ofDays(31)));
        insert(keptRun, 100, now.minus(Duration.ofDays(29)));

        long deleted = retention.prune(now);

        assertThat(deleted).isGreaterThanOrEqualTo(25_000);
        assertThat(count(oldRun)).isZero();
        assertThat(count(keptRun)).isEqualTo(100);
        assertThat(retention.prune(now)).isZero();
    }

    private void insert(UUID run, int events, Instant processedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO processed_event (event_id, run_id, processed_at) SELECT gen_random_uuid(), ?, ? FROM generate_series(1, ?)")) {
            statement.setObject(1, run);
            statement.setObject(2, processedAt.atOffset(ZoneOffset.UTC));
            statement.setInt(3, events);
            statement.executeUpdate();
        }
    }

    private long count(UUID run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM processed_event WHERE run_id = ?")) {
            statement.setObject(1, run);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
