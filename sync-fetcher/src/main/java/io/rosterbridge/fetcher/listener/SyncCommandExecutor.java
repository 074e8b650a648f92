package io.rosterbridge.fetcher.listener;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import io.rosterbridge.contracts.syncrequests.SyncRequestCommand;
import io.rosterbridge.fetcher.service.SupportException;
import io.rosterbridge.fetcher.service.SupportService;
import io.rosterbridge.fetcher.service.SyncCoordinator;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Carries out a valid sync.requests command. A refusal (district not linked or not active, run not held) is the
 * command's answer and is logged; any other failure (the database) is retried with a growing pause and then thrown
 * to {@link SyncRequestListener}, which dead-letters the command.
 */
@ApplicationScoped
public class SyncCommandExecutor {

    private static final Logger LOG = Logger.getLogger(SyncCommandExecutor.class);
    private static final Duration LINK_GRACE = Duration.ofSeconds(20);

    private final SupportService support;

    public SyncCommandExecutor(SupportService support) {
        this.support = support;
    }

    @Retry(maxRetries = 6, delay = 500, jitter = 200)
    @ExponentialBackoff(maxDelay = 30_000)
    public void execute(SyncRequestCommand command) {
        try {
            switch (command.command()) {
                case "sync" -> {
                    var submission = requestSyncOnceLinked(command);
                    // requestedBy is left out: a staff login name may be an e-mail address (it is on the run and on sync.runs)
                    LOG.infof("Command %s: sync of %s -> %s", command.commandId(), command.districtId(), submission);
                }
                case "approve-held" -> support.approve(command.runId(), command.requestedBy(), command.reason());
                case "discard-held" -> support.discard(command.runId(), command.requestedBy(), command.reason());
                default -> throw new IllegalArgumentException("unknown command " + command.command());
            }
        } catch (SupportException e) {
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
}
