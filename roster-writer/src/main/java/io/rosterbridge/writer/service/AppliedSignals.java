package io.rosterbridge.writer.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.writer.config.WriterConfig;
import io.rosterbridge.writer.mapping.AppliedMapper;
import io.rosterbridge.writer.repository.RunLedger;
import io.rosterbridge.writer.repository.RunProgress;

/**
 * Sends the roster.applied signals owed for completed runs (an outbox on run_progress). The consumer calls it
 * right after each committed batch; the schedule catches signals a crash or a broker outage left unsent.
 * A signal keeps its eventId across retries, so a consumer can recognise a repeat.
 */
@ApplicationScoped
public class AppliedSignals {

    private static final Logger LOG = Logger.getLogger(AppliedSignals.class);

    @Inject
    AppliedSender sender;

    @Inject
    RunLedger runs;

    @Inject
    WriterConfig config;

    /** Publishes every owed signal (awaiting each ack) and marks it sent; returns how many went out. */
    @Transactional
    public int publishOwed() {
        try {
            List<RunProgress> owed = runs.lockUnsent(config.appliedPublishBatch());
            for (RunProgress run : owed) {
                sender.send(AppliedMapper.toEvent(run));
                LOG.infof("Run %s of district %s applied: %s, %d active users", run.runId(), run.districtId(),
                        run.unsignalledCounts(), run.activeUsers());
                runs.markSignalled(run, Instant.now());
            }
            return owed.size();
        } catch (SQLException e) {
            throw new IllegalStateException("The roster.applied outbox (run_progress) failed: " + e.getMessage(), e);
        }
    }

    /**
     * Right after a batch committed run completions: a signal not sent now stays owed in run_progress, and the
     * schedule sends it.
     */
    public void publishOwedOrLeaveForRetry() {
        try {
            publishOwed();
        } catch (RuntimeException e) {
            LOG.warnf("roster.applied not sent yet, will retry: %s", Failures.rootMessage(e));
        }
    }

    @Scheduled(every = "${roster-writer.applied-retry-interval}", delayed = "${roster-writer.applied-retry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryOwed() {
        try {
            publishOwed();
        } catch (RuntimeException e) {
            LOG.warnf("Owed roster.applied signals not sent yet: %s", e.getMessage());
        }
    }
}
