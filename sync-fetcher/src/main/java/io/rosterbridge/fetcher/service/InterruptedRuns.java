package io.rosterbridge.fetcher.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.rosterbridge.fetcher.repository.SyncRunRepository;

/**
 * At start, runs a stopped process left running are closed as failed (they removed nobody): those of districts no
 * replica holds a live lease on. A replica that takes over a lapsed district closes its holder's runs itself
 * (SyncCoordinator), and runs the district again.
 */
@ApplicationScoped
public class InterruptedRuns {

    private static final Logger LOG = Logger.getLogger(InterruptedRuns.class);

    void onStart(@Observes StartupEvent event, SyncRunRepository runs) {
        int closed = runs.failInterrupted();
        if (closed > 0) {
            LOG.warnf("%d interrupted runs marked failed", closed);
        }
    }
}
