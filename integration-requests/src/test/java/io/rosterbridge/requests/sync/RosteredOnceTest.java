package io.rosterbridge.requests.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.repository.AuditEntry;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Issue 18: with two replicas, two consumers can process a district's full apply at the same moment (the same record
 * redelivered to the partition's new owner while the old one is still at it; two full runs applied back to back; the
 * writer's signal racing the fetcher's "started" on the other channel). The district becomes rostered once: one audit
 * entry, one "rostered" mail to the contact and one to the CSM team, never two, and no state change lost.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class RosteredOnceTest {

    private static final String CSM = "customer-success@rosterbridge.io";
    private static final ExecutorService REPLICAS = Executors.newFixedThreadPool(2);

    @Inject
    SyncService sync;

    @Inject
    MockMailbox mailbox;

    @AfterAll
    static void stopThreads() {
        REPLICAS.shutdownNow();
    }

    @Test
    void twoConsumersApplyingADistrictsFullSyncAtOnceRosterItOnceAndMailOnce() throws Exception {
        List<Onboarding.District> districts = new ArrayList<>();
        for (int round = 0; round < 9; round++) {
            Onboarding.District district = Onboarding.linked("Rostered Once USD");
            districts.add(district);
            String id = district.districtId();
            UUID firstRun = UUID.randomUUID();
            switch (round % 3) {
                case 0 -> { // the same record on two consumers (a redelivery during a rebalance)
                    RosterAppliedEvent applied = fullApply(firstRun, id);
                    race(() -> sync.onApplied(applied), () -> sync.onApplied(applied));
                }
                case 1 -> { // two full runs applied at the same moment
                    RosterAppliedEvent first = fullApply(firstRun, id);
                    RosterAppliedEvent second = fullApply(UUID.randomUUID(), id);
                    race(() -> sync.onApplied(first), () -> sync.onApplied(second));
                }
                default -> { // the writer's signal against the fetcher's "started" of the same run
                    SyncRunEvent started = new SyncRunEvent(1, UUID.randomUUID(), firstRun, id, "started", "support", "staff:alice",
                            Instant.now(), null, null, null, null);
                    RosterAppliedEvent applied = fullApply(firstRun, id);
                    race(() -> sync.onRun(started), () -> sync.onApplied(applied));
                }
            }
        }

        for (Onboarding.District district : districts) {
            UUID requestId = UUID.fromString(district.requestId());
            QuarkusTransaction.requiringNew().run(() -> {
                assertThat(IntegrationRequest.<IntegrationRequest>findById(requestId).state).as(district.name()).isEqualTo(IntegrationState.ROSTERED);
                assertThat(AuditEntry.forRequest(requestId).stream().filter(a -> a.state == IntegrationState.ROSTERED).count())
                        .as("%s rostered once", district.name()).isEqualTo(1);
                assertThat(AuditEntry.forRequest(requestId).stream().filter(a -> a.state == IntegrationState.SYNCING).count())
                        .as("%s syncing once", district.name()).isEqualTo(1);
            });
        }
        // Mails leave after the commit, on another thread: wait for each district's, then count them all.
        for (Onboarding.District district : districts) {
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !mailbox.getMailsSentTo(district.contactEmail()).isEmpty()
                    && mailbox.getMailsSentTo(CSM).stream().anyMatch(m -> m.getSubject().equals("District rostered: " + district.name())));
        }
        for (Onboarding.District district : districts) {
            assertThat(mailbox.getMailsSentTo(district.contactEmail()).stream().filter(m -> m.getSubject().endsWith(" is rostered")))
                    .as("the contact of %s is told once", district.name()).hasSize(1);
            assertThat(mailbox.getMailsSentTo(CSM).stream().filter(m -> m.getSubject().equals("District rostered: " + district.name())))
                    .as("the CSM team is told once about %s", district.name()).hasSize(1);
        }
    }

    private static RosterAppliedEvent fullApply(UUID runId, String districtId) {
        return new RosterAppliedEvent(1, UUID.randomUUID(), runId, districtId, Instant.now().truncatedTo(ChronoUnit.MICROS), true,
                new ChangeCounts(1700, 0, 0, 0), 1700L);
    }

    /** Both at the same moment, on two threads (two replicas' consumers), each in its own transactions. */
    private static void race(Runnable one, Runnable other) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> both = new ArrayList<>();
        for (Runnable work : List.of(one, other)) {
            both.add(REPLICAS.submit(() -> {
                go.await();
                work.run();
                return null;
            }));
        }
        go.countDown();
        for (Future<?> done : both) {
            done.get(1, TimeUnit.MINUTES);
        }
    }
}
