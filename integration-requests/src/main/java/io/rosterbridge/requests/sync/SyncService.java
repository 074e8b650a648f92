package io.rosterbridge.requests.sync;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.contracts.syncrequests.SyncRequestCommand;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.requests.messaging.Outbox;
import io.rosterbridge.requests.notification.Notifications;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.repository.ProcessedEvent;
import io.rosterbridge.requests.repository.RunDecision;
import io.rosterbridge.requests.repository.RunStatus;
import io.rosterbridge.requests.repository.SyncCommand;
import io.rosterbridge.requests.repository.SyncRun;
import io.rosterbridge.requests.service.IllegalTransitionException;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.service.NotFoundException;
import io.rosterbridge.requests.service.TransactionRetry;

/**
 * Support-triggered syncs and held-run decisions (commands on sync.requests), and the runs'
 * lifecycle as the fetcher (sync.runs) and the writer (roster.applied) report it, which moves the
 * district through syncing, rostered and active. Consumers are idempotent by event id.
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final Set<IntegrationState> SYNCABLE = EnumSet.of(
            IntegrationState.LINKED, IntegrationState.SYNCING, IntegrationState.ROSTERED, IntegrationState.ACTIVE);

    @Inject
    Outbox outbox;

    @Inject
    TransactionRetry retry;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Event<Notifications.DistrictRostered> notifications;

    /**
     * "Sync now": a sync command for the district; returns the command id. Like every support action, it runs
     * again on fresh data (its check included) when a concurrent change of the district won the race, so the
     * command and its outbox record are written once or not at all.
     */
    public UUID requestSync(UUID requestId, String actor) {
        return retry.call("Sync now for request " + requestId, () -> sync(requestId, actor));
    }

    private UUID sync(UUID requestId, String actor) {
        IntegrationRequest request = find(requestId);
        IntegrationState state = request.state;
        if (!SYNCABLE.contains(state)) {
            throw new IllegalTransitionException("District \"" + request.districtName + "\" is " + state.code()
                    + "; only a linked, unpaused district can sync.");
        }
        UUID commandId = command(request, SyncRequestCommand.SYNC, null, actor, "Sync requested from the support console");
        lifecycle.record(request, "sync-requested", actor, "command " + commandId);
        return commandId;
    }

    /** Approves or discards the held removals of a run; retried like {@link #requestSync}. */
    public UUID decideHeld(UUID requestId, UUID runId, boolean approve, String actor) {
        return retry.call((approve ? "Approval" : "Discard") + " of run " + runId + " for request " + requestId,
                () -> decide(requestId, runId, approve, actor));
    }

    private UUID decide(UUID requestId, UUID runId, boolean approve, String actor) {
        IntegrationRequest request = find(requestId);
        SyncRun run = SyncRun.findById(runId);
        if (run == null || !run.districtId.equals(request.districtId)) {
            throw new NotFoundException("No run " + runId + " for district \"" + request.districtName + "\"");
        }
        if (run.status != RunStatus.HELD || run.decision != null) {
            throw new IllegalTransitionException("Run " + runId + " is " + run.status.code()
                    + (run.decision == null ? "" : " (" + run.decision.code() + ")") + "; only a held run awaiting a decision can be approved or discarded.");
        }
        String command = approve ? SyncRequestCommand.APPROVE_HELD : SyncRequestCommand.DISCARD_HELD;
        run.decision = RunDecision.requested(approve);
        run.decidedBy = actor;
        run.updatedAt = Instant.now();
        UUID commandId = command(request, command, runId, actor, (approve ? "Approved" : "Discarded") + " from the support console");
        lifecycle.record(request, command, actor, "run " + runId + ", " + (run.removedCount == null ? 0 : run.removedCount) + " held removal(s)");
        return commandId;
    }

    private UUID command(IntegrationRequest request, String command, UUID runId, String actor, String reason) {
        SyncCommand sent = new SyncCommand();
        sent.commandId = UUID.randomUUID();
        sent.requestId = request.id;
        sent.districtId = request.districtId;
        sent.command = command;
        sent.runId = runId;
        sent.requestedBy = actor;
        sent.requestedAt = Instant.now();
        sent.persist();
        outbox.command(new SyncRequestCommand(SyncRequestCommand.SCHEMA_VERSION, sent.commandId, command,
                request.districtId, runId, actor, reason, sent.requestedAt));
        return sent.commandId;
    }

    /**
     * A sync.runs message: the run's progress, and for the district the step into syncing or active. Applied
     * in a transaction of its own, again when it lost a race with the roster.applied channel (or another
     * replica) on the same run or district; the processed-event mark rolls back with a failed attempt.
     */
    public void onRun(SyncRunEvent event) {
        retry.run("sync.runs event " + event.eventId() + " of run " + event.runId(), () -> recordRun(event));
    }

    /** A roster.applied message: the writer applied a run; the first full one makes the district rostered. Retried like {@link #onRun}. */
    public void onApplied(RosterAppliedEvent event) {
        retry.run("roster.applied event " + event.eventId() + " of run " + event.runId(), () -> recordApplied(event));
    }

    private void recordRun(SyncRunEvent event) {
        RunStatus reported = RunStatus.fromCode(event.status());
        if (!ProcessedEvent.markProcessed(event.eventId())) {
            return;
        }
        SyncRun run = SyncRun.findById(event.runId());
        if (run == null) {
            run = newRun(event.runId(), event.districtId(), reported, event.occurredAt());
        }
        if (run.status.accepts(reported)) {
            advance(run, reported, event);
        } else {
            LOG.debugf("Run %s is %s; its %s event %s changes nothing", event.runId(), run.status.code(), event.status(), event.eventId());
        }
        SyncRun.flush(); // a lost race on the run surfaces here, before the district is read

        IntegrationRequest request = IntegrationRequest.findByDistrictId(event.districtId()).orElse(null);
        if (request == null) {
            LOG.debugf("Run %s of district %s, which has no integration request", event.runId(), event.districtId());
            return;
        }
        IntegrationState state = request.state;
        String actor = event.requestedBy() != null ? event.requestedBy() : Lifecycle.SYSTEM;
        if (reported == RunStatus.STARTED && state == IntegrationState.LINKED) {
            lifecycle.moveTo(request, IntegrationState.SYNCING, "sync-started", actor, "run " + event.runId() + " (" + event.trigger() + ")");
        } else if (reported == RunStatus.COMPLETED && "nightly".equals(event.trigger()) && state == IntegrationState.ROSTERED) {
            lifecycle.moveTo(request, IntegrationState.ACTIVE, "nightly-sync", Lifecycle.SYSTEM, "run " + event.runId());
        }
        SyncRun.flush();
    }

    /** Takes a status the run moves forward to (or repeats), with what the fetcher reported along with it. */
    private static void advance(SyncRun run, RunStatus reported, SyncRunEvent event) {
        run.status = reported;
        run.trigger = event.trigger();
        if (event.requestedBy() != null) {
            run.requestedBy = event.requestedBy();
        }
        if (reported == RunStatus.STARTED || event.occurredAt().isBefore(run.startedAt)) {
            run.startedAt = event.occurredAt(); // replaces the writer's time when its signal created the row
        }
        if (event.fetched() != null) {
            run.fetchedSchools = event.fetched().schools() != null ? column(event.fetched().schools()) : run.fetchedSchools;
            run.fetchedUsers = event.fetched().users() != null ? column(event.fetched().users()) : run.fetchedUsers;
        }
        if (event.counts() != null) {
            if (reported.decision()) {
                // The decision's event counts only what it removed; what the held run created and updated stays.
                run.removedCount = column(event.counts().removed());
            } else {
                run.createdCount = column(event.counts().created());
                run.updatedCount = column(event.counts().updated());
                run.removedCount = column(event.counts().removed());
                run.restoredCount = column(event.counts().restored());
            }
        }
        if (event.durationMs() != null) {
            run.durationMs = event.durationMs();
        }
        if (event.reason() != null) {
            run.reason = event.reason();
        }
        if (reported.finished()) {
            run.finishedAt = event.occurredAt();
        }
        if (reported.decision()) {
            run.decision = RunDecision.carriedOut(reported);
        }
        run.updatedAt = Instant.now();
    }

    /**
     * sync_run keeps counts in int columns while the contract's counts are long: a count beyond an int is refused
     * (the event fails, is retried, then dead-lettered), never cut short.
     */
    private static Integer column(Long count) {
        return count == null ? null : Math.toIntExact(count);
    }

    private void recordApplied(RosterAppliedEvent event) {
        if (!ProcessedEvent.markProcessed(event.eventId())) {
            return;
        }
        SyncRun run = SyncRun.findById(event.runId());
        if (run == null) {
            // The writer was faster than this service's sync.runs consumer: keep its signal on a row the
            // fetcher's events then fill in (the run stays in progress until the fetcher's outcome arrives).
            run = newRun(event.runId(), event.districtId(), RunStatus.STARTED, event.appliedAt());
        }
        // A held run that is approved is applied twice; the view keeps the latest signal.
        if (run.appliedAt == null || !event.appliedAt().isBefore(run.appliedAt)) {
            run.appliedAt = event.appliedAt();
            run.activeUsers = column(event.activeUsers());
            run.updatedAt = Instant.now();
        }
        SyncRun.flush();

        IntegrationRequest request = IntegrationRequest.findByDistrictId(event.districtId()).orElse(null);
        if (request == null) {
            return;
        }
        IntegrationState state = request.state;
        String detail = "run " + event.runId() + ": " + event.counts().created() + " created, " + event.counts().updated()
                + " updated, " + event.counts().removed() + " removed" + (event.activeUsers() == null ? "" : ", " + event.activeUsers() + " active users");
        if (event.fullSnapshot() && (state == IntegrationState.LINKED || state == IntegrationState.SYNCING)) {
            if (state == IntegrationState.LINKED) {
                lifecycle.moveTo(request, IntegrationState.SYNCING, "sync-started", Lifecycle.SYSTEM, "run " + event.runId());
            }
            lifecycle.moveTo(request, IntegrationState.ROSTERED, "rostered", Lifecycle.SYSTEM, detail);
            notifications.fire(new Notifications.DistrictRostered(request.districtName, request.contactName,
                    request.contactEmail, request.statusToken, column(event.activeUsers())));
        } else if (state == IntegrationState.ROSTERED && "nightly".equals(run.trigger)) {
            lifecycle.moveTo(request, IntegrationState.ACTIVE, "nightly-sync", Lifecycle.SYSTEM, detail);
        }
        SyncRun.flush();
    }

    /** The run's row, created by whichever of its events comes first; a concurrent creation makes one attempt retry. */
    private static SyncRun newRun(UUID runId, String districtId, RunStatus status, Instant startedAt) {
        SyncRun run = new SyncRun();
        run.runId = runId;
        run.districtId = districtId;
        run.status = status;
        run.startedAt = startedAt;
        run.updatedAt = Instant.now();
        run.persist();
        return run;
    }

    private static IntegrationRequest find(UUID requestId) {
        IntegrationRequest request = IntegrationRequest.findById(requestId);
        if (request == null) {
            throw new NotFoundException("No integration request " + requestId);
        }
        return request;
    }
}
