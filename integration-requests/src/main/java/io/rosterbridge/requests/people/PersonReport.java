package io.rosterbridge.requests.people;

import java.util.List;

import io.rosterbridge.requests.client.RosterPerson;
import io.rosterbridge.requests.repository.LoginAttempt;

/**
 * Everything support needs to answer "why can't this person log in?": the roster's record (null when the roster does
 * not hold them, or could not be asked: {@code rosterError}), their district's link, their newest login attempts
 * and what to do next.
 */
public record PersonReport(String cleverUserId, RosterPerson roster, String rosterError, DistrictLink district,
        List<LoginAttempt> attempts, List<String> nextSteps) {

    public boolean inRoster() {
        return roster != null;
    }
}
