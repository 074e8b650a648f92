package io.rosterbridge.gateway.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.KafkaTopics;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.vertx.core.json.JsonObject;

/** A district.links record that breaks the contract ends on sso-gateway.dead-letter, unchanged, with the reason. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class DistrictLinkConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aLinkOfAnUnknownSchemaVersionIsDeadLetteredWithTheReason() {
        String districtId = Fixtures.cleverId();
        JsonObject link = KafkaTopics.districtLink(districtId, "active").put("schemaVersion", 2);
        KafkaTopics.publishLink(link);
        ConsumerRecord<String, String> dead = KafkaTopics.awaitDeadLetter(r -> districtId.equals(r.key()), WAIT);
        assertThat(dead.value()).as("the original value, unchanged").isEqualTo(link.encode());
        assertThat(KafkaTopics.header(dead, "dead-letter-reason")).contains("unknown schemaVersion 2");
        assertThat(KafkaTopics.header(dead, "dead-letter-topic")).isEqualTo("district.links");
    }

    @Test
    void aLinkThatIsNotJsonIsDeadLetteredWithTheReason() {
        String districtId = Fixtures.cleverId();
        KafkaTopics.publish("district.links", districtId, "not json at all");
        ConsumerRecord<String, String> dead = KafkaTopics.awaitDeadLetter(r -> districtId.equals(r.key()), WAIT);
        assertThat(dead.value()).isEqualTo("not json at all");
        assertThat(KafkaTopics.header(dead, "dead-letter-reason")).startsWith("unreadable district link");
    }
}
