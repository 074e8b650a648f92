package io.rosterbridge.requests.linking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.requests.mapping.SharingReports;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.IllegalTransitionException;
import io.rosterbridge.requests.service.InvalidInputException;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.service.NotFoundException;
import io.rosterbridge.requests.service.TransactionRetry;
import io.rosterbridge.requests.sharing.SharingReport;

/**
 * Support maps a shared Clever district to a platform organisation and picks the licensed schools;
 * the link goes out on district.links (through the outbox) in the same transaction. Also pause and resume.
 * Each action runs again on fresh data (its checks included) when a concurrent change of the district won the
 * race ({@link TransactionRetry}).
 */
@ApplicationScoped
public class LinkingService {

    private static final Pattern CLEVER_ID = Pattern.compile("^[0-9a-f]{24}$");
    private static final Pattern ORGANISATION_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");

    @Inject
    Lifecycle lifecycle;

    @Inject
    SharingReports reports;

    @Inject
    TransactionRetry retry;

    public void link(UUID requestId, String organisationId, List<String> licensedSchoolIds, String actor) {
        retry.run("Link of request " + requestId, () -> applyLink(requestId, organisationId, licensedSchoolIds, actor));
    }

    public void pause(UUID requestId, String actor) {
        retry.run("Pause of request " + requestId, () -> applyPause(requestId, actor));
    }

    public void resume(UUID requestId, String actor) {
        retry.run("Resume of request " + requestId, () -> applyResume(requestId, actor));
    }

    private void applyLink(UUID requestId, String organisationId, List<String> licensedSchoolIds, String actor) {
        IntegrationRequest request = find(requestId);
        IntegrationState state = request.state;
        if (state != IntegrationState.SHARED && !state.isLinked()) {
            throw new IllegalTransitionException("District \"" + request.districtName + "\" is " + state.code()
                    + "; it can be linked once Clever shares its records.");
        }
        List<FieldError> errors = new ArrayList<>();
        String organisation = organisationId == null ? "" : organisationId.strip();
        if (!ORGANISATION_ID.matcher(organisation).matches()) {
            errors.add(new FieldError("organisationId", "Organisation id is required: letters, digits, '.', '_', ':' or '-', at most 100 characters."));
        }
        Set<String> licensed = new LinkedHashSet<>();
        SharingReport report = reports.read(request);
        Set<String> shared = report == null ? Set.of()
                : new LinkedHashSet<>(report.schools().stream().map(SharingReport.SchoolShare::schoolId).toList());
        for (String id : licensedSchoolIds == null ? List.<String>of() : licensedSchoolIds) {
            if (id == null || id.isBlank()) {
                continue;
            }
            if (!CLEVER_ID.matcher(id).matches()) {
                errors.add(new FieldError("licensedSchoolIds", "\"" + id + "\" is not a Clever school id."));
            } else if (!shared.contains(id)) {
                errors.add(new FieldError("licensedSchoolIds", "School " + id + " is not shared by the district."));
            } else {
                licensed.add(id);
            }
        }
        if (licensed.isEmpty() && errors.stream().noneMatch(e -> e.field().equals("licensedSchoolIds"))) {
            errors.add(new FieldError("licensedSchoolIds", "Mark at least one licensed school."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        request.organisationId = organisation;
        request.licensedSchoolIds = licensed.toArray(String[]::new);
        String detail = "organisation " + organisation + ", " + licensed.size() + " licensed school(s)";
        if (state == IntegrationState.SHARED) {
            lifecycle.moveTo(request, IntegrationState.LINKED, "linked", actor, detail);
        } else {
            lifecycle.record(request, "relinked", actor, detail);
            lifecycle.publishLink(request);
        }
    }

    private void applyPause(UUID requestId, String actor) {
        IntegrationRequest request = find(requestId);
        IntegrationState state = request.state;
        if (!state.isLinked() || state == IntegrationState.PAUSED) {
            throw new IllegalTransitionException("Only a linked, unpaused district can be paused; \"" + request.districtName
                    + "\" is " + state.code() + ".");
        }
        request.stateBeforePause = request.state;
        lifecycle.moveTo(request, IntegrationState.PAUSED, "paused", actor, "Syncing and logins stop until resumed.");
    }

    private void applyResume(UUID requestId, String actor) {
        IntegrationRequest request = find(requestId);
        if (request.state != IntegrationState.PAUSED) {
            throw new IllegalTransitionException("District \"" + request.districtName + "\" is not paused.");
        }
        IntegrationState back = request.stateBeforePause == null ? IntegrationState.LINKED : request.stateBeforePause;
        request.stateBeforePause = null;
        lifecycle.moveTo(request, back, "resumed", actor, null);
    }

    private static IntegrationRequest find(UUID requestId) {
        IntegrationRequest request = IntegrationRequest.findById(requestId);
        if (request == null) {
            throw new NotFoundException("No integration request " + requestId);
        }
        return request;
    }
}
