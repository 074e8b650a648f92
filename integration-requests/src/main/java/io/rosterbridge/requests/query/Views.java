package io.rosterbridge.requests.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.rosterbridge.requests.sharing.SharingReport;

/** What pages and the JSON API show; built from entities, never the entities themselves. */
public final class Views {

    private Views() {
    }

    /** One line of the support console's list. */
    public record IntegrationSummary(UUID id, String districtName, String districtId, String state, String contactName,
            String contactEmail, int schools, int problems, Instant createdAt, Instant updatedAt) {
    }

    /** The integration request that holds a Clever district id. */
    public record DistrictName(UUID requestId, String name) {
    }

    /** Everything support sees about one district. */
    public record IntegrationDetail(UUID id, String districtName, String districtId, String state, String contactName,
            String contactEmail, List<String> sharedRoles, String notes, List<RequestedSchoolView> requestedSchools,
            Instant createdAt, Instant updatedAt, LinkView link, SharingReport sharing, List<SchoolOption> schoolOptions,
            List<RunView> runs, List<CommandView> commands, List<AuditView> audit, boolean runInProgress,
            boolean canLink, boolean canSync, boolean canPause, boolean canResume) {
    }

    public record RequestedSchoolView(String name, String cleverSchoolId) {
    }

    /** The district's link as published on district.links; null until linked. */
    public record LinkView(String organisationId, List<String> licensedSchoolIds, String status) {
    }

    /** A shared Clever school on the link form: suggested when it matches a requested school. */
    public record SchoolOption(String schoolId, String name, String requestedAs, int students, int teachers, int staff,
            boolean suggested, boolean licensed) {
    }

    public record RunView(UUID runId, String status, String trigger, String requestedBy, Instant startedAt,
            Instant finishedAt, Integer fetchedSchools, Integer fetchedUsers, Integer created, Integer updated,
            Integer removed, Integer restored, Long durationMs, String reason, String decision, Instant appliedAt,
            Integer activeUsers, boolean inProgress, boolean awaitingDecision) {
    }

    public record CommandView(UUID commandId, String command, UUID runId, String requestedBy, Instant requestedAt) {
    }

    public record AuditView(String action, String previousState, String state, String actor, String detail, Instant occurredAt) {
    }

    /** The requester's private status page. */
    public record RequestStatus(String districtName, String state, List<Step> steps, List<String> missing,
            List<StatusEntry> history, Instant submittedAt) {
    }

    public record Step(String name, String description, boolean done, boolean current) {
    }

    /** A step of the history as the requester sees it (staff names are not shown). */
    public record StatusEntry(String state, String action, Instant occurredAt) {
    }
}
