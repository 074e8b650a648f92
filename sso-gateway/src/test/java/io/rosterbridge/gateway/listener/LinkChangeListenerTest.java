package io.rosterbridge.gateway.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rosterbridge.gateway.repository.LinkChangeFeed;
import io.rosterbridge.gateway.repository.LinkedDistrict;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.service.LinkedDistricts;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;

/**
 * A link change committed by another replica (which consumed it from district.links; this one did not) reaches this
 * replica's cache through the database's notification. The cache here lives an hour, so only the notification can
 * explain a fresh answer.
 */
@QuarkusTest
@TestProfile(LinkChangeListenerTest.LongLivedCache.class)
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class LinkChangeListenerTest {

    public static class LongLivedCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.cache.caffeine.\"linked-districts\".expire-after-write", "1H");
        }
    }

    @Inject
    LinkedDistricts links;

    @Inject
    LinkedDistrictRepository districts;

    @Inject
    LinkChangeFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPauseCommittedByAnotherReplicaRefreshesThisReplicasCache() {
        String districtId = Fixtures.cleverId();
        Fixtures.link(districts, districtId, "active");
        assertThat(cachedLink(districtId)).hasValueSatisfying(link -> assertThat(link.isActive()).isTrue());

        // what the other replica's DistrictLinkListener does with the record: change the row and announce it
        QuarkusTransaction.requiringNew().run(() -> {
            LinkedDistrict district = districts.findById(districtId);
            district.status = "paused";
            feed.announce(districtId);
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cachedLink(districtId)).hasValueSatisfying(link -> assertThat(link.isActive()).isFalse()));
    }

    @Test
    void anUnlinkCommittedByAnotherReplicaRefreshesThisReplicasCache() {
        String districtId = Fixtures.cleverId();
        Fixtures.link(districts, districtId, "active");
        assertThat(cachedLink(districtId)).isPresent();

        QuarkusTransaction.requiringNew().run(() -> {
            districts.deleteById(districtId);
            feed.announce(districtId);
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cachedLink(districtId)).isEmpty());
    }

    @Test
    void aReplicaThatLostItsListeningConnectionForgetsEveryCachedLinkWhenItListensAgain() throws Exception {
        String districtId = Fixtures.cleverId();
        Fixtures.link(districts, districtId, "active");
        assertThat(cachedLink(districtId)).hasValueSatisfying(link -> assertThat(link.isActive()).isTrue());

        // a change this replica never hears of, as if made while it was cut off; then the cut itself
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE linked_district SET status = 'paused' WHERE district_id = ?")) {
            update.setString(1, districtId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        assertThat(cachedLink(districtId)).as("still the cached answer").hasValueSatisfying(link -> assertThat(link.isActive()).isTrue());
        terminateListeningConnection();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cachedLink(districtId)).hasValueSatisfying(link -> assertThat(link.isActive()).isFalse()));
    }

    /** The gateway's answer, read as a login reads it: in its own transaction, so no session of the test holds a row. */
    private Optional<LinkedDistricts.DistrictLink> cachedLink(String districtId) {
        return QuarkusTransaction.requiringNew().call(() -> links.find(districtId));
    }

    private void terminateListeningConnection() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (var result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()")) {
                    return result.next() && result.getLong(1) > 0;
                }
            });
        }
    }
}
