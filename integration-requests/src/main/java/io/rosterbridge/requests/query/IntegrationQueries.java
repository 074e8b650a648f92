package io.rosterbridge.requests.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.requests.intake.SharedRole;
import io.rosterbridge.requests.mapping.SharingReports;
import io.rosterbridge.requests.repository.AuditEntry;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.repository.RunStatus;
import io.rosterbridge.requests.repository.SyncCommand;
import io.rosterbridge.requests.repository.SyncRun;
import io.rosterbridge.requests.service.NotFoundException;
import io.rosterbridge.requests.sharing.SharingReport;

/** Read side for the support console, the JSON API and the requester's status page. */
@ApplicationScoped
public class IntegrationQueries {

    private static final int RUN_HISTORY = 20;
    private static final Set<IntegrationState> SYNCABLE = EnumSet.of(
            IntegrationState.LINKED, IntegrationState.SYNCING, IntegrationState.ROSTERED, IntegrationState.ACTIVE);
    private static final List<IntegrationState> HAPPY_PATH = List.of(IntegrationState.SUBMITTED, IntegrationState.CONNECTED,
            IntegrationState.SHARED, IntegrationState.LINKED, IntegrationState.SYNCING, IntegrationState.ROSTERED,
            IntegrationState.ACTIVE);

    @Inject
    SharingReports reports;

    @Transactional
    public List<Views.IntegrationSummary> list(String state) {
        List<IntegrationRequest> requests;
        if (state == null || state.isBlank()) {
            requests = IntegrationRequest.listNewestFirst();
        } else {
            try {
                requests = IntegrationRequest.findByStates(List.of(IntegrationState.fromCode(state)));
            } catch (IllegalArgumentException unknown) {
                requests = List.of(); // no district is in a state that does not exist
            }
        }
        return requests.stream().map(r -> {
            SharingReport report = reports.read(r);
            return new Views.IntegrationSummary(r.id, r.districtName, r.districtId, r.state.code(), r.contactName, r.contactEmail,
                    r.schools.size(), report == null ? 0 : report.problems().size(), r.createdAt, r.updatedAt);
        }).toList();
    }

    /** Clever district id → its request (id and name), for pages that list districts by the fetcher's ids. */
    @Transactional
    public Map<String, Views.DistrictName> districtNames() {
        List<Object[]> rows = IntegrationRequest.getEntityManager()
                .createQuery("select r.districtId, r.id, r.districtName from IntegrationRequest r where r.districtId is not null", Object[].class)
                .getResultList();
        Map<String, Views.DistrictName> names = new HashMap<>();
        for (Object[] row : rows) {
            names.putIfAbsent((String) row[0], new Views.DistrictName((UUID) row[1], (String) row[2]));
        }
        return names;
    }

    @Transactional
    public Views.IntegrationDetail detail(UUID id) {
        IntegrationRequest r = IntegrationRequest.findById(id);
        if (r == null) {
            throw new NotFoundException("No integration request " + id);
        }
        IntegrationState state = r.state;
        SharingReport report = reports.read(r);
        List<String> licensed = r.licensedSchoolIds == null ? List.of() : Arrays.asList(r.licensedSchoolIds);
        Views.LinkView link = r.organisationId == null ? null
                : new Views.LinkView(r.organisationId, licensed, linkStatus(state));
        List<Views.SchoolOption> options = report == null ? List.of() : report.schools().stream()
                .map(s -> new Views.SchoolOption(s.schoolId(), s.name(), s.requestedAs(), s.students(), s.teachers(), s.staff(),
                        s.requested(), link == null ? s.requested() : licensed.contains(s.schoolId())))
                .toList();
        List<Views.RunView> runs = r.districtId == null ? List.of()
                : SyncRun.forDistrict(r.districtId, RUN_HISTORY).stream().map(IntegrationQueries::run).toList();
        List<Views.CommandView> commands = r.districtId == null ? List.of()
                : SyncCommand.forDistrict(r.districtId, RUN_HISTORY).stream()
                        .map(c -> new Views.CommandView(c.commandId, c.command, c.runId, c.requestedBy, c.requestedAt)).toList();
        List<Views.AuditView> audit = AuditEntry.forRequest(r.id).stream()
                .map(a -> new Views.AuditView(a.action, a.previousState == null ? null : a.previousState.code(), a.state.code(), a.actor, a.detail, a.occurredAt)).toList();
        boolean runInProgress = runs.stream().anyMatch(Views.RunView::inProgress)
                || (!commands.isEmpty() && "sync".equals(commands.get(0).command())
                        && runs.stream().noneMatch(run -> !run.startedAt().isBefore(commands.get(0).requestedAt())));
        return new Views.IntegrationDetail(r.id, r.districtName, r.districtId, r.state.code(), r.contactName, r.contactEmail,
                roleLabels(r.sharedRoles), r.notes,
                r.schools.stream().map(s -> new Views.RequestedSchoolView(s.name, s.cleverSchoolId)).toList(),
                r.createdAt, r.updatedAt, link, report, options, runs, commands, audit, runInProgress,
                state == IntegrationState.SHARED || (state.isLinked() && report != null),
                SYNCABLE.contains(state), state.isLinked() && state != IntegrationState.PAUSED, state == IntegrationState.PAUSED);
    }

    @Transactional
    public Views.RequestStatus status(String token) {
        IntegrationRequest r = IntegrationRequest.findByStatusToken(token)
                .orElseThrow(() -> new NotFoundException("No integration request for this status link"));
        IntegrationState state = r.state;
        int reached = HAPPY_PATH.indexOf(state == IntegrationState.PAUSED && r.stateBeforePause != null ? r.stateBeforePause : state);
        List<Views.Step> steps = new ArrayList<>();
        for (int i = 0; i < HAPPY_PATH.size(); i++) {
            IntegrationState step = HAPPY_PATH.get(i);
            steps.add(new Views.Step(step.code(), describe(step), reached >= 0 && i <= reached, i == reached));
        }
        List<String> missing = new ArrayList<>();
        switch (state) {
            case SUBMITTED -> missing.add("Connect Rosterbridge in your Clever district dashboard: we have not seen your district authorise the app yet.");
            case CONNECTED -> missing.add("Share schools and users with Rosterbridge in Clever: we can see the connection but no records yet.");
            case DISCONNECTED -> missing.add("Your district disconnected Rosterbridge in Clever; syncing has stopped. Reconnect it to resume.");
            case PAUSED -> missing.add("Syncing is paused by our support team.");
            default -> {
            }
        }
        SharingReport report = reports.read(r);
        if (report != null && !state.isLinked()) {
            missing.addAll(report.problems());
        }
        List<Views.StatusEntry> history = AuditEntry.forRequest(r.id).stream()
                .filter(a -> a.previousState != a.state)
                .map(a -> new Views.StatusEntry(a.state.code(), a.action, a.occurredAt)).toList();
        return new Views.RequestStatus(r.districtName, r.state.code(), steps, missing, history, r.createdAt);
    }

    private static Views.RunView run(SyncRun run) {
        boolean inProgress = run.status == RunStatus.STARTED || run.status == RunStatus.PROGRESS;
        boolean awaiting = run.status == RunStatus.HELD && run.decision == null;
        return new Views.RunView(run.runId, run.status.code(), run.trigger, run.requestedBy, run.startedAt, run.finishedAt,
                run.fetchedSchools, run.fetchedUsers, run.createdCount, run.updatedCount, run.removedCount, run.restoredCount,
                run.durationMs, run.reason, run.decision == null ? null : run.decision.code(), run.appliedAt, run.activeUsers, inProgress, awaiting);
    }

    private static List<String> roleLabels(String[] roles) {
        return Arrays.stream(roles).map(code -> SharedRole.fromCode(code).map(SharedRole::label).orElse(code)).toList();
    }

    private static String linkStatus(IntegrationState state) {
        return switch (state) {
            case PAUSED -> "paused";
            case DISCONNECTED -> "disconnected";
            default -> "active";
        };
    }

    private static String describe(IntegrationState state) {
        return switch (state) {
            case SUBMITTED -> "We received your request.";
            case CONNECTED -> "Your district authorised Rosterbridge in Clever.";
            case SHARED -> "Clever shares your schools and users with us.";
            case LINKED -> "Our support team mapped your district to your organisation.";
            case SYNCING -> "The first sync of your roster is running.";
            case ROSTERED -> "Your roster is in: people can sign in.";
            case ACTIVE -> "Your roster stays up to date nightly.";
            default -> "";
        };
    }
}
