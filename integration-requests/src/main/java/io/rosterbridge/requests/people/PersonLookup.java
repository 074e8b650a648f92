package io.rosterbridge.requests.people;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.requests.client.RosterPeople;
import io.rosterbridge.requests.client.RosterPerson;
import io.rosterbridge.requests.config.LoginAttemptsConfig;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.LoginAttempt;
import io.rosterbridge.requests.service.NotFoundException;

/**
 * Support's "why can't this person log in?": finds people in roster-writer's roster (every district it holds) and
 * puts together one person's roster record, district link, login attempts and the next steps.
 */
@ApplicationScoped
public class PersonLookup {

    public static final int PAGE_SIZE = 25;

    private static final Pattern CLEVER_ID = Pattern.compile("[0-9a-f]{24}");

    /** One search result with its district's link state. */
    public record Hit(RosterPerson person, DistrictLink district) {
    }

    /** One page of results; {@code nextOffset} null on the last page. */
    public record Results(String query, List<Hit> hits, Integer nextOffset) {
    }

    @Inject
    RosterPeople roster;

    @Inject
    LoginAttempts attempts;

    @Inject
    LoginAttemptsConfig config;

    /** Throws {@link RosterPeople.BadQuery} with the roster's reason and {@link RosterPeople.Unavailable}. */
    @Transactional
    public Results search(String query, int offset) {
        RosterPerson.Page page = roster.search(query, PAGE_SIZE, offset);
        Map<String, DistrictLink> links = new HashMap<>();
        List<Hit> hits = page.data().stream()
                .map(person -> new Hit(person, links.computeIfAbsent(person.districtId(), PersonLookup::linkOf)))
                .toList();
        return new Results(query, hits, page.nextOffset());
    }

    @Transactional
    public PersonReport person(String cleverUserId) {
        if (cleverUserId == null || !CLEVER_ID.matcher(cleverUserId).matches()) {
            throw new NotFoundException("No person has the Clever id " + cleverUserId + ": a Clever id is 24 lowercase hex characters");
        }
        RosterPerson person = null;
        String rosterError = null;
        try {
            person = roster.person(cleverUserId).orElse(null);
        } catch (RosterPeople.Unavailable e) {
            rosterError = "The roster could not be asked: " + e.getMessage();
        }
        List<LoginAttempt> newest = attempts.newestOf(cleverUserId);
        // The roster knows the district; a person it does not hold may still have named theirs when trying to log in.
        String districtId = person != null ? person.districtId()
                : newest.stream().map(a -> a.districtId).filter(Objects::nonNull).findFirst().orElse(null);
        DistrictLink district = districtId == null ? null : linkOf(districtId);
        List<String> steps = NextSteps.of(person, rosterError == null, district, newest, config.retention());
        return new PersonReport(cleverUserId, person, rosterError, district, newest, steps);
    }

    private static DistrictLink linkOf(String districtId) {
        return IntegrationRequest.findByDistrictId(districtId)
                .map(request -> new DistrictLink(districtId, request.id, request.districtName, request.state,
                        request.licensedSchoolIds == null ? List.of() : List.of(request.licensedSchoolIds),
                        request.schools.stream().map(s -> s.name).toList()))
                .orElseGet(() -> DistrictLink.unknown(districtId));
    }
}
