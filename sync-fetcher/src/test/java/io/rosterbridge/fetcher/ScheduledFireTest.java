package io.rosterbridge.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rosterbridge.fetcher.service.NightlySync;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * The fleet benchmark fires the night by configuration alone (fetcher.nightly.cron / zone): the scheduler itself fires
 * and queues every active district. Here every second in UTC, on a database of its own so that only this test's
 * district is linked (a fire minute is taken once, so the district's run comes within a minute).
 */
@QuarkusTest
@TestProfile(ScheduledFireTest.FireEverySecond.class)
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher_fire"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class ScheduledFireTest extends SyncTestBase {

    public static class FireEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fetcher.nightly.cron", "* * * * * ?", "fetcher.nightly.zone", "UTC");
        }
    }

    @Inject
    Scheduler scheduler;

    @Test
    void theConfiguredCronFiresTheSchedulerWhichQueuesEveryActiveDistrict() {
        Instant next = scheduler.getScheduledJob(NightlySync.JOB).getNextFireTime();
        assertThat(next).isBetween(Instant.now().minusSeconds(1), Instant.now().plusSeconds(2));

        String district = linkedDistrict("Fired By Configuration", 40, 303);
        int before = log.finishedRuns(district).size();
        await().atMost(Duration.ofSeconds(90)).until(() -> log.finishedRuns(district).stream().skip(before)
                .anyMatch(e -> "nightly".equals(e.text("trigger"))));
        Event run = log.finishedRuns(district).stream().filter(e -> "nightly".equals(e.text("trigger"))).findFirst().orElseThrow();
        assertThat(run.text("status")).isEqualTo("completed");
    }
}
