package io.rosterbridge.requests.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.clever.CleverDistrict;
import io.rosterbridge.clever.CleverSchool;
import io.rosterbridge.requests.intake.SharedRole;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.service.ConcurrentChangeException;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.service.TransactionRetry;

/**
 * Follows what Clever says about each district, on a schedule and on demand ("Check now"):
 * a token appearing for a requested district makes it connected, records becoming visible make it
 * shared (with a sharing check support reads before linking), a token disappearing disconnects it.
 * Clever is called outside database transactions; each district's result is applied in its own, which runs again
 * on fresh data when a support action or a consumer changed the district at the same moment
 * ({@link TransactionRetry}): a support action's change is never overwritten, and a result that keeps losing
 * is left to the next round.
 */
@ApplicationScoped
public class ConnectionMonitor {

    private static final Logger LOG = Logger.getLogger(ConnectionMonitor.class);
    private static final List<IntegrationState> CHECKED_STATES = List.of(IntegrationState.CONNECTED, IntegrationState.SHARED);

    @Inject
    CleverClient clever;

    @Inject
    Lifecycle lifecycle;

    @Inject
    ObjectMapper json;

    @Inject
    TransactionRetry retry;

    private record Pending(UUID id, String nameKey, Set<String> schoolIds) {
    }

    @Scheduled(every = "{clever.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "10s")
    void onSchedule() {
        if (!clever.configured()) {
            LOG.debug("Clever client credentials are not configured; skipping the connection check");
            return;
        }
        try {
            checkAll(Lifecycle.SYSTEM);
        } catch (RuntimeException e) {
            LOG.warnf("Connection check failed, will retry at the next interval: %s", e.getMessage());
        }
    }

    /** Checks every district against Clever now. */
    public synchronized void checkAll(String actor) {
        Set<String> connected = clever.connectedDistricts();
        retry.run("Token presence check", () -> applyTokenPresence(connected, actor));
        matchNewTokens(connected, actor);
        List<UUID> toCheck = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.findByStates(CHECKED_STATES)
                .stream().map(r -> r.id).toList());
        for (UUID id : toCheck) {
            try {
                checkSharing(id, connected, actor);
            } catch (ConcurrentChangeException e) {
                LOG.warnf("Sharing check of request %s kept losing to concurrent changes; it is checked again next round", id);
            }
        }
    }

    /** Checks one district now (support's "Check now"): connection first, then its sharing whatever its state. */
    public synchronized void checkOne(UUID requestId, String actor) {
        Set<String> connected = clever.connectedDistricts();
        retry.run("Token presence check", () -> applyTokenPresence(connected, actor));
        matchNewTokens(connected, actor);
        checkSharing(requestId, connected, actor);
    }

    private void applyTokenPresence(Set<String> connectedDistricts, String actor) {
        for (IntegrationRequest request : IntegrationRequest.<IntegrationRequest>list("districtId is not null")) {
            IntegrationState state = request.state;
            boolean hasToken = connectedDistricts.contains(request.districtId);
            if (!hasToken && state.canMoveTo(IntegrationState.DISCONNECTED)) {
                lifecycle.moveTo(request, IntegrationState.DISCONNECTED, "disconnected", actor,
                        "The district's token is no longer listed by Clever: syncing stops, data is kept.");
            } else if (hasToken && state == IntegrationState.DISCONNECTED) {
                lifecycle.moveTo(request, IntegrationState.CONNECTED, "reconnected", actor, "The district authorised the app again.");
            }
        }
    }

    /** Finds the submitted request of each district whose token nobody has claimed yet. */
    private void matchNewTokens(Set<String> connected, String actor) {
        Set<String> claimed = new HashSet<>();
        List<Pending> pending = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (IntegrationRequest request : IntegrationRequest.<IntegrationRequest>listAll()) {
                if (request.districtId != null) {
                    claimed.add(request.districtId);
                } else if (request.state == IntegrationState.SUBMITTED) {
                    pending.add(new Pending(request.id, request.districtNameKey, request.schools.stream()
                            .map(s -> s.cleverSchoolId).filter(id -> id != null).collect(Collectors.toSet())));
                }
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        for (String districtId : connected) {
            if (claimed.contains(districtId) || pending.isEmpty()) {
                continue;
            }
            CleverDistrict district = clever.district(districtId);
            String nameKey = SchoolMatcher.normalise(district.name());
            Optional<Pending> match = pending.stream().filter(p -> p.nameKey().equals(nameKey)).findFirst();
            if (match.isEmpty() && pending.stream().anyMatch(p -> !p.schoolIds().isEmpty())) {
                Set<String> schoolIds = clever.schools(districtId).stream().map(CleverSchool::id).collect(Collectors.toSet());
                match = pending.stream().filter(p -> p.schoolIds().stream().anyMatch(schoolIds::contains)).findFirst();
            }
            match.ifPresent(p -> {
                pending.remove(p);
                retry.run("Connection of request " + p.id(), () -> connect(p.id(), districtId, district.name(), actor));
            });
        }
    }

    private void connect(UUID requestId, String districtId, String cleverName, String actor) {
        IntegrationRequest request = IntegrationRequest.findById(requestId);
        if (request == null || request.districtId != null || IntegrationRequest.findByDistrictId(districtId).isPresent()) {
            return;
        }
        request.districtId = districtId;
        lifecycle.moveTo(request, IntegrationState.CONNECTED, "connected", actor,
                "Clever lists a token for district " + districtId + " (\"" + cleverName + "\").");
    }

    private void checkSharing(UUID requestId, Set<String> connected, String actor) {
        record Snapshot(String districtId, List<SharingCheck.RequestedSchool> schools, Set<String> roles) {
        }
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> {
            IntegrationRequest request = IntegrationRequest.findById(requestId);
            if (request == null || request.districtId == null) {
                return null;
            }
            return new Snapshot(request.districtId,
                    request.schools.stream().map(s -> new SharingCheck.RequestedSchool(s.name, s.cleverSchoolId)).toList(),
                    new HashSet<>(Arrays.asList(request.sharedRoles)));
        });
        if (snapshot == null || !connected.contains(snapshot.districtId())) {
            return;
        }
        String districtId = snapshot.districtId();
        SharingReport report;
        try {
            CleverDistrict district = clever.district(districtId);
            List<CleverSchool> schools = clever.schools(districtId);
            report = SharingCheck.build(district.name(), snapshot.schools(), snapshot.roles(), schools, countRoles(districtId), Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Sharing check of district %s failed: %s", snapshot.districtId(), e.getMessage());
            throw e;
        }
        recordSharing(requestId, report, actor);
    }

    /**
     * Stores a sharing check's result and moves the district to shared (or back to connected) accordingly. Runs
     * again on fresh data when the district changed at the same moment, so that change is kept and the state
     * step is decided on the district as it now is.
     */
    public void recordSharing(UUID requestId, SharingReport report, String actor) {
        retry.run("Sharing check of request " + requestId, () -> storeReport(requestId, report, actor));
    }

    private SharingCheck.RoleCounts countRoles(String districtId) {
        Map<String, Integer> students = countPerSchool(districtId, SharedRole.STUDENTS);
        Map<String, Integer> teachers = countPerSchool(districtId, SharedRole.TEACHERS);
        Map<String, Integer> staff = countPerSchool(districtId, SharedRole.STAFF);
        AtomicInteger admins = new AtomicInteger();
        clever.usersOfRole(districtId, SharedRole.DISTRICT_ADMINS.cleverRole(), schools -> admins.incrementAndGet());
        return new SharingCheck.RoleCounts(students, teachers, staff,
                students.getOrDefault(TOTAL, 0), teachers.getOrDefault(TOTAL, 0), staff.getOrDefault(TOTAL, 0), admins.get());
    }

    private static final String TOTAL = "";

    private Map<String, Integer> countPerSchool(String districtId, SharedRole role) {
        Map<String, Integer> counts = new HashMap<>();
        clever.usersOfRole(districtId, role.cleverRole(), schoolIds -> {
            counts.merge(TOTAL, 1, Integer::sum);
            for (String schoolId : new HashSet<>(schoolIds)) {
                counts.merge(schoolId, 1, Integer::sum);
            }
        });
        return counts;
    }

    private void storeReport(UUID requestId, SharingReport report, String actor) {
        IntegrationRequest request = IntegrationRequest.findById(requestId);
        if (request == null) {
            return;
        }
        try {
            request.sharingReport = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the sharing report of " + requestId, e);
        }
        request.sharingCheckedAt = report.checkedAt();
        IntegrationState state = request.state;
        String summary = report.schools().size() + " schools, " + report.students() + " students, " + report.teachers()
                + " teachers, " + report.staff() + " staff, " + report.districtAdmins() + " district admins; "
                + (report.complete() ? "nothing missing" : report.problems().size() + " problem(s)");
        if (state == IntegrationState.CONNECTED && report.recordsVisible()) {
            lifecycle.moveTo(request, IntegrationState.SHARED, "shared", actor, summary);
        } else if (state == IntegrationState.SHARED && !report.recordsVisible()) {
            lifecycle.moveTo(request, IntegrationState.CONNECTED, "unshared", actor, "Clever shares no records any more.");
        } else if (!Lifecycle.SYSTEM.equals(actor)) {
            lifecycle.record(request, "sharing-checked", actor, summary);
        }
    }
}
