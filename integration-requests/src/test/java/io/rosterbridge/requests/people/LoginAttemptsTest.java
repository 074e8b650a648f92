package io.rosterbridge.requests.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.repository.LoginAttempt;
import io.rosterbridge.requests.support.KafkaTopics;

/** The login attempts read model: login.audit consumed once per event, bad records dead-lettered, old ones purged. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
class LoginAttemptsTest {

    @Inject
    LoginAttempts attempts;

    @Test
    void anEventDeliveredTwiceIsOneAttempt() {
        String user = cleverId();
        String district = cleverId();
        String audit = audit(UUID.randomUUID(), "archived-user", user, district, Instant.now());
        KafkaTopics.send("login.audit", district, audit);
        KafkaTopics.send("login.audit", district, audit);
        String later = audit(UUID.randomUUID(), "success", user, district, Instant.now().plusSeconds(5));
        KafkaTopics.send("login.audit", district, later);

        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> attempts.newestOf(user).size() >= 2);
        // The later record went through after both copies of the first: had the copy been stored, it would show now.
        List<LoginAttempt> stored = attempts.newestOf(user);
        assertThat(stored).extracting(a -> a.outcome).containsExactly("success", "archived-user");
        assertThat(stored.get(1).districtId).isEqualTo(district);
        assertThat(stored.get(1).roles).containsExactly("student");
    }

    @Test
    void aRecordBreakingTheContractIsDeadLetteredWithTheReason() {
        String user = cleverId();
        String key = cleverId();
        String bad = audit(UUID.randomUUID(), "maybe", user, key, Instant.now());
        KafkaTopics.send("login.audit", key, bad);
        KafkaTopics.send("login.audit", key, "not json");

        var dead = KafkaTopics.await("integration-requests.dead-letter", r -> key.equals(r.key()), 2);
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("dead-letter-reason").value()))
                .anySatisfy(reason -> assertThat(reason).contains("unknown outcome 'maybe'"))
                .anySatisfy(reason -> assertThat(reason).contains("not JSON"));
        // The next good record of the same partition still goes through.
        KafkaTopics.send("login.audit", key, audit(UUID.randomUUID(), "success", user, key, Instant.now()));
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> attempts.newestOf(user).size() == 1);
    }

    @Test
    void attemptsOlderThanTheRetentionArePurged() {
        String user = cleverId();
        store(user, Instant.now().minus(Duration.ofDays(31)));
        store(user, Instant.now().minus(Duration.ofDays(29)));

        assertThat(attempts.purge()).isGreaterThanOrEqualTo(1);
        assertThat(attempts.newestOf(user)).singleElement()
                .satisfies(a -> assertThat(a.occurredAt).isAfter(Instant.now().minus(Duration.ofDays(30))));
    }

    private void store(String user, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> attempts.record(new LoginAuditEvent(1, UUID.randomUUID(), "success",
                "instant-login", user, cleverId(), List.of("student"), null, at)));
    }

    /** A login.audit message as sso-gateway sends it; an outcome outside the contract is not checked against it. */
    private static String audit(UUID eventId, String outcome, String user, String district, Instant at) {
        String json = """
                {"schemaVersion":1,"eventId":"%s","outcome":"%s","flow":"instant-login","cleverUserId":"%s","districtId":"%s",\
                "roles":["student"],"detail":null,"occurredAt":"%s"}""".formatted(eventId, outcome, user, district, at);
        if (!outcome.equals("maybe")) {
            EventContracts.assertConforms("login-audit", json);
        }
        return json;
    }

    private static String cleverId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
