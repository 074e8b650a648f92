package io.rosterbridge.requests.people;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.rosterbridge.requests.client.RosterPerson;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.repository.LoginAttempt;

/**
 * "What to do next", derived from the facts only: the roster's record, the district's link and the newest login
 * attempt. Each step says what is wrong and who fixes it; the first is the most likely cause.
 */
final class NextSteps {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private NextSteps() {
    }

    /**
     * @param roster the roster's record, null when the roster does not hold the person
     * @param rosterKnown false when the roster could not be asked (nothing is concluded from its silence)
     * @param attempts newest first
     */
    static List<String> of(RosterPerson roster, boolean rosterKnown, DistrictLink district, List<LoginAttempt> attempts,
            Duration retention) {
        List<String> steps = new ArrayList<>();
        LoginAttempt newest = attempts.isEmpty() ? null : attempts.get(0);
        if (!rosterKnown) {
            steps.add("The roster could not be asked just now: reload in a minute; if it persists, check roster-writer's health.");
        }
        if (district == null) {
            if (rosterKnown && roster == null) {
                steps.add("Nobody with this Clever id is in any roster and no login attempt names their district: check the id "
                        + "(Clever's user id, 24 hex characters), or ask the person to log in once so the attempt shows here.");
            }
            return steps;
        }
        String districtName = district.districtName() != null ? district.districtName() : "district " + district.districtId();
        if (!district.requested()) {
            steps.add(districtName + " has no integration request: the district admin must ask for the integration (intake form), "
                    + "then support connects, checks sharing and links it.");
            return steps;
        }
        if (district.state() == IntegrationState.DISCONNECTED) {
            steps.add(districtName + " disconnected the app in Clever: ask the district admin to reconnect it; logins work again once it is linked.");
        } else if (district.state() == IntegrationState.PAUSED) {
            steps.add(districtName + " is paused: resume it on the district's page if the pause is over.");
        } else if (!district.state().isLinked()) {
            steps.add(districtName + " is not linked yet (" + district.state().code() + "): link it on the district's page once sharing is complete.");
        }
        if (rosterKnown && roster == null && district.linked()) {
            String schools = district.requestedSchoolNames().isEmpty() ? "" : " (schools the district asked for: "
                    + String.join(", ", district.requestedSchoolNames()) + ")";
            steps.add("Not shared in Clever: " + districtName + " is linked but its roster does not hold this person. Ask the district to "
                    + "share the person's school with the app in Clever" + schools + ", then press Sync now.");
        }
        if (roster != null && !roster.active()) {
            String when = roster.archivedAt() == null ? "" : " on " + TIME.format(roster.archivedAt());
            String run = roster.lastRun() == null ? "" : " by sync run " + roster.lastRun().runId();
            steps.add("Archived" + when + run + ": Clever stopped sharing this person. If they should have access, ask the district to share "
                    + "them again in Clever (or fix their record in the SIS); the next sync restores them.");
        }
        if (newest != null) {
            stepForAttempt(newest, roster, district, steps);
        } else if (roster != null && roster.active() && district.linked()) {
            steps.add("Nothing here stops this person from logging in, and no attempt was recorded in the last " + days(retention)
                    + ": ask them to log in through Clever (Portal or \"Log in with Clever\") and look here again.");
        }
        return steps;
    }

    private static void stepForAttempt(LoginAttempt newest, RosterPerson roster, DistrictLink district, List<String> steps) {
        String at = TIME.format(newest.occurredAt);
        switch (newest.outcome) {
            case "success" -> steps.add("Their last login (" + at + ") succeeded: the problem is after sign-in; ask what they see in the app.");
            case "unknown-user" -> {
                if (roster != null && roster.active()) {
                    steps.add("Their last login (" + at + ") was refused as unknown, but the roster holds them now: ask them to try again.");
                }
            }
            case "archived-user" -> {
                if (roster != null && roster.active()) {
                    steps.add("Their last login (" + at + ") was refused as archived, but they are active again: ask them to try again.");
                }
            }
            case "district-not-linked", "district-inactive" -> {
                if (district.linked()) {
                    steps.add("Their last login (" + at + ") was refused because the district was not linked or active; it is "
                            + district.stateLabel() + " now: ask them to try again.");
                }
            }
            case "provider-error" -> steps.add("Their last login (" + at + ") failed at Clever" + (newest.detail == null ? "" : " (" + newest.detail + ")")
                    + ": ask them to try again; if it keeps failing, check Clever's status page and the gateway's Clever credentials.");
            default -> {
                // logout: says nothing about why a login fails
            }
        }
    }

    private static String days(Duration retention) {
        long days = retention.toDays();
        return days >= 1 ? days + " days" : retention.toHours() + " hours";
    }
}
