package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.TableOutage;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * A district.links record the database keeps refusing fails the channel: health says DOWN and the record's offset is
 * not committed, so the restart applies it. An application of its own (a test profile), as its channel ends failed.
 */
@QuarkusTest
@TestProfile(DistrictLinkFailureTest.OwnApplication.class)
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class DistrictLinkFailureTest {

    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LinkedDistrictRepository links;

    @Test
    void aLinkTheDatabaseKeepsRefusingFailsTheChannelAndStaysUncommitted() throws Exception {
        String district = "2a1b2c3d4e5f60718293a4b5";
        given().get("/q/health/live").then().statusCode(200);
        RecordMetadata sent;
        try (var table = TableOutage.of(dataSource, "linked_district")) {
            sent = Fixtures.sendRaw("district.links", district, "{\"schemaVersion\":1,\"districtId\":\"" + district
                    + "\",\"organisationId\":\"org-2a\",\"districtName\":\"Outage USD\",\"status\":\"active\","
                    + "\"licensedSchoolIds\":[],\"updatedAt\":\"" + Instant.now() + "\"}");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(503));
        }
        String health = given().get("/q/health/live").then().statusCode(503).extract().asString();
        assertThat(health).contains("district-links");
        assertThat(committedOffset(sent.partition())).as("the failed link is not committed, so a restart reads it again")
                .isLessThanOrEqualTo(sent.offset());
        assertThat(links.find(district)).isEmpty();
    }

    private static long committedOffset(int partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("sync-fetcher")
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(new TopicPartition("district.links", partition));
            return committed == null ? 0 : committed.offset();
        }
    }
}
