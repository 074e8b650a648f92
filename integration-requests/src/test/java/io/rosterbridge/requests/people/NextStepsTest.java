package io.rosterbridge.requests.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rosterbridge.requests.client.RosterPerson;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.repository.LoginAttempt;

/** "What to do next" from the facts: each cause support meets, and no advice where nothing is wrong. */
class NextStepsTest {

    private static final String DISTRICT = "5f0c3b1a2d4e6f8091a2b3c4";
    private static final Duration RETENTION = Duration.ofDays(30);

    @Test
    void linkedDistrictWithoutThePersonMeansNotSharedInClever() {
        List<String> steps = NextSteps.of(null, true, linked(IntegrationState.ACTIVE), List.of(attempt("unknown-user", null)), RETENTION);
        assertThat(steps).singleElement().asString()
                .startsWith("Not shared in Clever")
                .contains("Ask the district to share the person's school", "Lincoln Elementary", "Sync now");
    }

    @Test
    void archivedPersonSaysWhenAndByWhichRun() {
        UUID run = UUID.randomUUID();
        RosterPerson archived = person(false, Instant.parse("2026-06-30T03:00:00Z"), run);
        List<String> steps = NextSteps.of(archived, true, linked(IntegrationState.ACTIVE), List.of(attempt("archived-user", null)), RETENTION);
        assertThat(steps).singleElement().asString()
                .startsWith("Archived on 2026-06-30 03:00 UTC by sync run " + run)
                .contains("share them again in Clever");
    }

    @Test
    void districtWithoutARequestOrNotLinkedOrPausedOrDisconnected() {
        assertThat(NextSteps.of(null, true, DistrictLink.unknown(DISTRICT), List.of(attempt("district-not-linked", null)), RETENTION))
                .singleElement().asString().contains("has no integration request", "intake form");
        assertThat(NextSteps.of(null, true, linked(IntegrationState.SHARED), List.of(), RETENTION))
                .singleElement().asString().contains("is not linked yet (shared)", "link it");
        assertThat(NextSteps.of(person(true, null, null), true, linked(IntegrationState.PAUSED), List.of(attempt("district-inactive", null)), RETENTION))
                .singleElement().asString().contains("is paused", "resume");
        assertThat(NextSteps.of(person(true, null, null), true, linked(IntegrationState.DISCONNECTED), List.of(), RETENTION))
                .singleElement().asString().contains("disconnected the app in Clever", "reconnect");
    }

    @Test
    void refusalsThatNoLongerHoldSayTryAgainAndProviderErrorsSayWhereToLook() {
        RosterPerson active = person(true, null, null);
        assertThat(NextSteps.of(active, true, linked(IntegrationState.ACTIVE), List.of(attempt("unknown-user", null)), RETENTION))
                .singleElement().asString().contains("refused as unknown, but the roster holds them now");
        assertThat(NextSteps.of(active, true, linked(IntegrationState.ACTIVE), List.of(attempt("provider-error", "token exchange failed")), RETENTION))
                .singleElement().asString().contains("failed at Clever (token exchange failed)", "Clever's status page");
        assertThat(NextSteps.of(active, true, linked(IntegrationState.ACTIVE), List.of(attempt("success", null)), RETENTION))
                .singleElement().asString().contains("succeeded");
    }

    @Test
    void activeLinkedPersonWithoutAttemptsIsAskedToTryAndUnknownIdIsChecked() {
        assertThat(NextSteps.of(person(true, null, null), true, linked(IntegrationState.ACTIVE), List.of(), RETENTION))
                .singleElement().asString().contains("Nothing here stops this person", "last 30 days");
        assertThat(NextSteps.of(null, true, null, List.of(), RETENTION))
                .singleElement().asString().contains("check the id");
        // The roster could not be asked: nothing is concluded from its silence.
        assertThat(NextSteps.of(null, false, linked(IntegrationState.ACTIVE), List.of(), RETENTION))
                .singleElement().asString().contains("could not be asked");
    }

    private static DistrictLink linked(IntegrationState state) {
        return new DistrictLink(DISTRICT, UUID.randomUUID(), "Valley USD", state, List.of("aaaaaaaaaaaaaaaaaaaaaaaa"), List.of("Lincoln Elementary"));
    }

    private static RosterPerson person(boolean active, Instant archivedAt, UUID run) {
        return new RosterPerson("0123456789abcdef01234567", DISTRICT, "Valley USD", active, archivedAt,
                new RosterPerson.Name("Ava", null, "Chen"), null, List.of(new RosterPerson.Role("student", List.of(), null)),
                List.of(), Instant.parse("2026-06-30T03:00:00Z"), run == null ? null : new RosterPerson.LastRun(run, null));
    }

    private static LoginAttempt attempt(String outcome, String detail) {
        LoginAttempt attempt = new LoginAttempt();
        attempt.eventId = UUID.randomUUID();
        attempt.cleverUserId = "0123456789abcdef01234567";
        attempt.districtId = DISTRICT;
        attempt.outcome = outcome;
        attempt.flow = "instant-login";
        attempt.roles = new String[] { "student" };
        attempt.detail = detail;
        attempt.occurredAt = Instant.parse("2026-09-01T12:00:00Z");
        return attempt;
    }
}
