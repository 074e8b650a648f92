package io.rosterbridge.fetcher.messaging;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.messaging.Events.SyncRequestCommand;
import io.rosterbridge.fetcher.service.SupportException;
import io.rosterbridge.fetcher.service.SupportService;
import io.rosterbridge.fetcher.service.SyncCoordinator;
import io.smallrye.common.annotation.Blocking;

/** Support's commands from sync.requests (docs/events/sync-requests.schema.json). */
@ApplicationScoped
public class SyncRequestListener {

    private static final Logger LOG = Logger.getLogger(SyncRequestListener.class);
    private static final Duration LINK_GRACE = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final SupportService support;

    public SyncRequestListener(SupportService support) {
        this.support = support;
    }

    @Incoming(Topics.SYNC_REQUESTS_CHANNEL)
    @Blocking
    public void onCommand(String payload) {
        SyncRequestCommand command;
        try {
            command = json.readValue(payload, SyncRequestCommand.class);
        } catch (Exception e) {
            LOG.errorf("Ignoring unreadable sync.requests command: %s", e.getMessage());
            return;
        }
        if (command.schemaVersion() != 1) {
            LOG.errorf("Ignoring sync.requests command %s of unknown schemaVersion %d", command.commandId(), command.schemaVersion());
            return;
        }
        if (command.districtId() == null || command.command() == null || command.requestedBy() == null) {
            LOG.errorf("Ignoring incomplete sync.requests command %s", command.commandId());
            return;
        }
        try {
            switch (command.command()) {
                case "sync" -> {
                    var submission = requestSyncOnceLinked(command);
                    LOG.infof("Command %s: sync of %s by %s -> %s", command.commandId(), command.districtId(), command.requestedBy(), submission);
                }
                case "approve-held" -> support.approve(runId(command), command.requestedBy(), command.reason());
                case "discard-held" -> support.discard(runId(command), command.requestedBy(), command.reason());
                default -> LOG.warnf("Ignoring unknown command %s (%s)", command.command(), command.commandId());
            }
        } catch (SupportException | IllegalArgumentException e) {
            LOG.warnf("Command %s (%s of %s) refused: %s", command.commandId(), command.command(), command.districtId(), e.getMessage());
        }
    }

    /**
     * The link and the command travel on different topics, so "Sync now" pressed right after linking can
     * overtake the link; it waits a little for the link rather than being refused.
     */
    private SyncCoordinator.Submission requestSyncOnceLinked(SyncRequestCommand command) {
        long deadline = System.nanoTime() + LINK_GRACE.toNanos();
        while (true) {
            try {
                return support.requestSync(command.districtId(), command.requestedBy(), command.reason());
            } catch (SupportException e) {
                if (e.kind() != SupportException.Kind.NOT_FOUND || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SupportException(SupportException.Kind.NOT_FOUND, "interrupted while waiting for the link of " + command.districtId());
            }
        }
    }

    private static UUID runId(SyncRequestCommand command) {
        if (command.runId() == null) {
            throw new IllegalArgumentException("runId is required");
        }
        return UUID.fromString(command.runId());
    }
}
