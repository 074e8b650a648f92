package io.rosterbridge.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.fetcher.support.DeadLetterTopic;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.TableOutage;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** sync.requests records that cannot be carried out end on sync-fetcher.dead-letter with the reason, never silently dropped. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class ConsumerFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCommandTheDatabaseKeepsRefusingIsDeadLetteredWithTheReason() throws Exception {
        String district = "0a1b2c3d4e5f60718293a4b5";
        String runId = UUID.randomUUID().toString();
        try (var table = TableOutage.of(dataSource, "sync_run")) {
            Fixtures.command("approve-held", district, runId, "sam.support", "db outage test");
            ConsumerRecord<String, String> dead = DeadLetterTopic.await(r -> district.equals(r.key()) && r.value().contains(runId), WAIT);
            assertThat(DeadLetterTopic.header(dead, "dead-letter-reason")).contains("failed after retries").contains("sync_run");
            assertThat(DeadLetterTopic.header(dead, "dead-letter-topic")).isEqualTo("sync.requests");
            assertThat(DeadLetterTopic.header(dead, "dead-letter-offset")).matches("\\d+");
        }
    }

    @Test
    void aCommandThatBreaksTheContractIsDeadLetteredWithTheReason() {
        String district = "1a1b2c3d4e5f60718293a4b5";
        String payload = "{\"schemaVersion\":2,\"commandId\":\"" + UUID.randomUUID() + "\",\"command\":\"sync\",\"districtId\":\""
                + district + "\",\"requestedBy\":\"sam.support\"}";
        Fixtures.sendRaw("sync.requests", district, payload);
        ConsumerRecord<String, String> dead = DeadLetterTopic.await(r -> district.equals(r.key()), WAIT);
        assertThat(dead.value()).as("the original value, unchanged").isEqualTo(payload);
        assertThat(DeadLetterTopic.header(dead, "dead-letter-reason")).contains("unknown schemaVersion 2");
    }
}
