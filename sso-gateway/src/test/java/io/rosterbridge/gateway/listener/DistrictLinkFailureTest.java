package io.rosterbridge.gateway.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.KafkaTopics;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;

/**
 * A district.links record the database keeps refusing fails the channel: health says DOWN and the record's offset is
 * not committed, so the restart applies it. An application of its own (a test profile), as its channel ends failed.
 */
@QuarkusTest
@TestProfile(DistrictLinkFailureTest.OwnApplication.class)
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class DistrictLinkFailureTest {

    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aLinkTheDatabaseKeepsRefusingFailsTheChannelAndStaysUncommitted() throws Exception {
        String districtId = Fixtures.cleverId();
        given().get("/q/health/live").then().statusCode(200);
        RecordMetadata sent;
        execute("ALTER TABLE linked_district RENAME TO linked_district_unavailable");
        try {
            sent = KafkaTopics.publish("district.links", districtId, KafkaTopics.districtLink(districtId, "active").encode());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(503));
        } finally {
            execute("ALTER TABLE linked_district_unavailable RENAME TO linked_district");
        }
        assertThat(given().get("/q/health/live").then().statusCode(503).extract().asString()).contains("district-links");
        assertThat(committedOffset(sent.partition())).as("the failed link is not committed, so a restart reads it again")
                .isLessThanOrEqualTo(sent.offset());
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long committedOffset(int partition) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("sso-gateway")
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(new TopicPartition("district.links", partition));
            return committed == null ? 0 : committed.offset();
        }
    }
}
