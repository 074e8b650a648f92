package io.rosterbridge.requests.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.contracts.integrationevents.IntegrationEvent;
import io.rosterbridge.requests.messaging.Outbox;
import io.rosterbridge.requests.repository.AuditEntry;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;

/**
 * The only place a district integration changes state: checks the transition, writes the audit
 * entry, and puts the integration event (and the district's link when it changes) in the outbox,
 * all in the caller's transaction.
 */
@ApplicationScoped
public class Lifecycle {

    public static final String SYSTEM = "system";

    @Inject
    Outbox outbox;

    /** A new request enters the machine as submitted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(IntegrationRequest request, String actor) {
        request.state = IntegrationState.SUBMITTED;
        audit(request, "submitted", null, actor, null);
        event(request, null, actor);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void moveTo(IntegrationRequest request, IntegrationState next, String action, String actor, String detail) {
        IntegrationState current = request.state;
        if (!current.canMoveTo(next)) {
            throw new IllegalTransitionException("District \"" + request.districtName + "\" is " + current.code()
                    + "; it cannot become " + next.code() + ".");
        }
        String linkBefore = linkStatus(current);
        request.state = next;
        request.updatedAt = Instant.now();
        audit(request, action, current, actor, detail);
        event(request, current, actor);
        if (request.organisationId != null && request.districtId != null && !linkStatus(next).equals(linkBefore)) {
            publishLink(request);
        }
    }

    /** An action that changes no state (a re-link, a check, a sync request) still leaves its trace. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(IntegrationRequest request, String action, String actor, String detail) {
        request.updatedAt = Instant.now();
        audit(request, action, request.state, actor, detail);
    }

    /** Puts the district's current link on district.links. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishLink(IntegrationRequest request) {
        List<String> licensed = request.licensedSchoolIds == null ? List.of() : Arrays.asList(request.licensedSchoolIds);
        outbox.link(new DistrictLinkEvent(DistrictLinkEvent.SCHEMA_VERSION, request.districtId, request.organisationId,
                request.districtName, linkStatus(request.state), licensed, Instant.now()));
    }

    /** What the fetcher and the gateway are told: only active districts sync and log in. */
    static String linkStatus(IntegrationState state) {
        return switch (state) {
            case PAUSED -> "paused";
            case DISCONNECTED -> "disconnected";
            case LINKED, SYNCING, ROSTERED, ACTIVE -> "active";
            default -> "unlinked";
        };
    }

    private static void audit(IntegrationRequest request, String action, IntegrationState previous, String actor, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.requestId = request.id;
        entry.action = action;
        entry.previousState = previous;
        entry.state = request.state;
        entry.actor = actor;
        entry.detail = detail;
        entry.occurredAt = Instant.now();
        entry.persist();
    }

    private void event(IntegrationRequest request, IntegrationState previous, String actor) {
        outbox.integrationEvent(new IntegrationEvent(IntegrationEvent.SCHEMA_VERSION, UUID.randomUUID(), request.id,
                request.districtId, request.districtName, previous == null ? null : previous.code(), request.state.code(), actor, Instant.now()));
    }
}
