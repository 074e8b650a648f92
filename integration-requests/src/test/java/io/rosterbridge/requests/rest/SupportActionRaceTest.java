package io.rosterbridge.requests.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.mapping.SharingReports;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.repository.AuditEntry;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.OutboxMessage;
import io.rosterbridge.requests.repository.RunDecision;
import io.rosterbridge.requests.repository.SyncCommand;
import io.rosterbridge.requests.repository.SyncRun;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.sharing.ConnectionMonitor;
import io.rosterbridge.requests.sharing.SharingReport;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.requests.sync.SyncService;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Support actions and background writers (the connection check, the sync.runs / roster.applied consumers) change
 * the same district or run at the same moment: the loser runs again on fresh data, so support never gets a 500,
 * every accepted action is recorded once (one command, one outbox record) and the background change is kept.
 * An action that loses on every attempt is a 409 that says so, on the API and the console, and leaves nothing.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class SupportActionRaceTest {

    private static final int ROUNDS = 50;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);
    private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Inject
    ConnectionMonitor monitor;

    @Inject
    SyncService sync;

    @Inject
    SharingReports reports;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void syncNowAndASharingCheckOfTheSameDistrictBothLand() throws Exception {
        Onboarding.District district = Onboarding.linked("Sync Check Race USD");
        UUID requestId = UUID.fromString(district.requestId());
        SharingReport stored = QuarkusTransaction.requiringNew().call(() -> reports.read(IntegrationRequest.findById(requestId)));
        String token = Staff.support();
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Instant checkedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            SharingReport report = new SharingReport(checkedAt, stored.cleverDistrictName(), stored.schools(),
                    stored.requestedSchoolsNotShared(), stored.students(), stored.teachers(), stored.staff(), stored.districtAdmins(),
                    stored.problems());
            long offsetMillis = round % 8;
            List<Object> results = race(
                    () -> given().auth().oauth2(token).when().post("/api/support/integrations/" + requestId + "/sync"),
                    () -> {
                        Thread.sleep(offsetMillis); // sweeps the background write across the action's transaction
                        monitor.recordSharing(requestId, report, Lifecycle.SYSTEM);
                        return null;
                    });
            Response response = (Response) results.get(0);
            if (response.statusCode() == 202) {
                accepted.add(response.path("commandId"));
            } else {
                problems.add("round " + round + ": Sync now answered " + response.statusCode() + " " + response.asString());
            }
            if (results.get(1) instanceof Throwable failure) {
                problems.add("round " + round + ": the sharing check failed: " + failure);
            }
            Instant kept = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.<IntegrationRequest>findById(requestId).sharingCheckedAt);
            if (!checkedAt.equals(kept)) {
                problems.add("round " + round + ": the sharing check of " + checkedAt + " was lost (stored: " + kept + ")");
            }
        }
        assertThat(problems).isEmpty();
        assertRecordedOnce(requestId, "sync", accepted, ROUNDS);
        assertThat(auditCount(requestId, "sync-requested")).isEqualTo(ROUNDS);
        assertDelivered(accepted);
    }

    @Test
    void approvingAHeldRunWhileTheWritersSignalArrivesBothLand() throws Exception {
        Onboarding.District district = Onboarding.linked("Approve Race USD");
        UUID requestId = UUID.fromString(district.requestId());
        String token = Staff.support();
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID runId = UUID.randomUUID();
            sync.onRun(runEvent(runId, district.districtId(), "started", null));
            sync.onRun(runEvent(runId, district.districtId(), "held", new ChangeCounts(3, 2, 40, 0)));
            Instant appliedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            RosterAppliedEvent applied = new RosterAppliedEvent(1, UUID.randomUUID(), runId, district.districtId(), appliedAt, false,
                    new ChangeCounts(3, 2, 0, 0), 1_000L + round);
            long offsetMillis = round % 8;
            List<Object> results = race(
                    () -> given().auth().oauth2(token).when().post("/api/support/integrations/" + requestId + "/runs/" + runId + "/approve"),
                    () -> {
                        Thread.sleep(offsetMillis);
                        sync.onApplied(applied);
                        return null;
                    });
            Response response = (Response) results.get(0);
            if (response.statusCode() == 202) {
                accepted.add(response.path("commandId"));
            } else {
                problems.add("round " + round + ": Approve answered " + response.statusCode() + " " + response.asString());
            }
            if (results.get(1) instanceof Throwable failure) {
                problems.add("round " + round + ": the writer's signal failed: " + failure);
            }
            SyncRun run = QuarkusTransaction.requiringNew().call(() -> SyncRun.<SyncRun>findById(runId));
            if (!appliedAt.equals(run.appliedAt) || run.decision != RunDecision.APPROVE_REQUESTED) {
                problems.add("round " + round + ": run " + runId + " has appliedAt " + run.appliedAt + ", decision " + run.decision);
            }
        }
        assertThat(problems).isEmpty();
        assertRecordedOnce(requestId, "approve-held", accepted, ROUNDS);
        assertDelivered(accepted);
    }

    /** Sync now racing Pause: either the sync is accepted (and recorded) before the pause, or refused for the paused district. */
    @Test
    void syncNowRacingPauseIsCheckedAgainOnFreshData() throws Exception {
        Onboarding.District district = Onboarding.linked("Pause Race USD");
        UUID requestId = UUID.fromString(district.requestId());
        String token = Staff.support();
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long offsetMillis = round % 8;
            List<Object> results = race(
                    () -> given().auth().oauth2(token).when().post("/api/support/integrations/" + requestId + "/sync"),
                    () -> {
                        Thread.sleep(offsetMillis);
                        return given().auth().oauth2(token).when().post("/api/support/integrations/" + requestId + "/pause");
                    });
            Response syncNow = (Response) results.get(0);
            Response pause = (Response) results.get(1);
            if (syncNow.statusCode() == 202) {
                accepted.add(syncNow.path("commandId"));
            } else if (syncNow.statusCode() == 409 && syncNow.asString().contains("is paused; only a linked, unpaused district can sync")) {
                refused++;
            } else {
                problems.add("round " + round + ": Sync now answered " + syncNow.statusCode() + " " + syncNow.asString());
            }
            if (pause.statusCode() != 200) {
                problems.add("round " + round + ": Pause answered " + pause.statusCode() + " " + pause.asString());
            }
            given().auth().oauth2(token).when().post("/api/support/integrations/" + requestId + "/resume").then().statusCode(200);
        }
        assertThat(problems).isEmpty();
        assertRecordedOnce(requestId, "sync", accepted, ROUNDS - refused);
        assertThat(auditCount(requestId, "paused")).isEqualTo(ROUNDS);
    }

    /**
     * A concurrent transaction changes the district before each attempt can (it holds the row until the action waits
     * for it, then commits a new version): after the last attempt support gets a 409 that says what happened, as JSON
     * on the API and as the page on the console, and no command, outbox record or audit entry is left behind.
     */
    @Test
    void anActionThatLosesEveryAttemptIsA409AndLeavesNothing() throws Exception {
        // The rival frees the row for a moment between its commit and its next update; an attempt that falls into
        // that moment wins, and the scenario did not happen. Then it is played again on a fresh district.
        for (int round = 1; !everyAttemptLoses("Always Loses USD " + round); round++) {
            assertThat(round).as("rounds in which an attempt slipped past the rival").isLessThan(3);
        }
    }

    private boolean everyAttemptLoses(String districtName) throws Exception {
        Onboarding.District district = Onboarding.linked(districtName);
        UUID requestId = UUID.fromString(district.requestId());
        long commandsBefore = commandCount(requestId);
        long outboxBefore = outboxCount(district.districtId());
        long auditBefore = auditCount(requestId, "sync-requested");

        Response api = whileEveryAttemptLoses(requestId,
                () -> given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + requestId + "/sync"));
        if (api == null) {
            return false;
        }
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(api.<String>path("message")).isEqualTo("Someone else changed this district at the same moment; reload and try again.");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String page = signIn(browser, "support/integrations/" + requestId).body();
        Matcher csrf = CSRF_TOKEN.matcher(page);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> console = whileEveryAttemptLoses(requestId, () -> browser.send(
                HttpRequest.newBuilder(url("support/integrations/" + requestId + "/sync"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf-token=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.ofString()));
        if (console == null) {
            return false;
        }
        assertThat(console.statusCode()).isEqualTo(409);
        assertThat(console.body()).contains("Someone else changed this district at the same moment; reload and try again.");

        assertThat(commandCount(requestId)).isEqualTo(commandsBefore);
        assertThat(outboxCount(district.districtId())).isEqualTo(outboxBefore);
        assertThat(auditCount(requestId, "sync-requested")).isEqualTo(auditBefore);
        // Once the other writer is done, the same action goes through.
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + requestId + "/sync").then().statusCode(202);
        return true;
    }

    /**
     * Runs {@code action} while another transaction keeps winning the race for the district's row: it updates the row
     * (taking its lock), waits until the action's own update queues behind it, commits, and takes the row again.
     */
    private <T> T whileEveryAttemptLoses(UUID requestId, Callable<T> action) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Future<T> result = THREADS.submit(() -> {
            try {
                return action.call();
            } finally {
                done.set(true);
            }
        });
        int won = 0;
        try (Connection rival = dataSource.getConnection(); Connection observer = dataSource.getConnection()) {
            rival.setAutoCommit(false);
            while (!done.get()) {
                try (PreparedStatement bump = rival.prepareStatement("UPDATE integration_request SET version = version + 1 WHERE id = ?")) {
                    bump.setObject(1, requestId);
                    bump.executeUpdate();
                }
                while (!done.get() && !somebodyWaitsForALock(observer)) {
                    Thread.sleep(1);
                }
                rival.commit();
                won++;
            }
        }
        T outcome = result.get(60, TimeUnit.SECONDS);
        return won >= 2 ? outcome : null; // null: an attempt slipped past the rival (see the caller)
    }

    private static boolean somebodyWaitsForALock(Connection observer) throws Exception {
        try (PreparedStatement waiting = observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rows = waiting.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    /** Each accepted action left exactly one command row and one outbox record; nothing else was recorded. */
    private static void assertRecordedOnce(UUID requestId, String command, List<String> accepted, int expected) {
        assertThat(accepted).hasSize(expected).doesNotHaveDuplicates();
        List<String> commands = QuarkusTransaction.requiringNew().call(() -> SyncCommand.<SyncCommand>list("requestId = ?1 and command = ?2",
                requestId, command).stream().map(c -> c.commandId.toString()).toList());
        assertThat(commands).containsExactlyInAnyOrderElementsOf(accepted);
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>list("topic", Topics.SYNC_REQUESTS)
                .stream().map(m -> m.payload).toList());
        for (String commandId : accepted) {
            assertThat(payloads.stream().filter(p -> p.contains("\"commandId\":\"" + commandId + "\"")).count())
                    .as("outbox records of command %s", commandId).isEqualTo(1);
        }
    }

    /** The relay sent every accepted command to sync.requests. */
    private static void assertDelivered(List<String> accepted) {
        KafkaTopics.await(Topics.SYNC_REQUESTS, r -> accepted.stream().anyMatch(id -> r.value().contains(id)), accepted.size());
    }

    private static long auditCount(UUID requestId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.count("requestId = ?1 and action = ?2", requestId, action));
    }

    private static long commandCount(UUID requestId) {
        return QuarkusTransaction.requiringNew().call(() -> SyncCommand.count("requestId", requestId));
    }

    private static long outboxCount(String districtId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.count("recordKey", districtId));
    }

    private static SyncRunEvent runEvent(UUID runId, String districtId, String status, ChangeCounts counts) {
        return new SyncRunEvent(1, UUID.randomUUID(), runId, districtId, status, "support", "staff:alice", Instant.now(),
                new SyncRunEvent.Fetched(3L, 1_000L), counts, counts == null ? null : 40L, null);
    }

    /** Runs each side on its own thread, let go by one latch; a side's result, or what it threw. */
    private static List<Object> race(Callable<?>... sides) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (Callable<?> side : sides) {
            running.add(THREADS.submit(() -> {
                go.await();
                return side.call();
            }));
        }
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<?> side : running) {
            try {
                results.add(side.get(60, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                results.add(e.getCause());
            }
        }
        return results;
    }

    private HttpResponse<String> signIn(HttpClient browser, String path) throws IOException, InterruptedException {
        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                "sam", "JWT", List.of("integration-requests"), Map.of("groups", List.of("support"), "preferred_username", "sam"), 3600));
        return browser.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + "/" + path);
    }
}
