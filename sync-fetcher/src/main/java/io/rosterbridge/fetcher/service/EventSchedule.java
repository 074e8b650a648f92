package io.rosterbridge.fetcher.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.EventCursorRepository;

/**
 * Every fetcher.events.poll-interval, polls each district whose live updates are on, unless a sync of it is running
 * (that sync sets a new cursor when it completes). A poll still running from the last tick is simply not started twice.
 */
@ApplicationScoped
public class EventSchedule {

    private static final Logger LOG = Logger.getLogger(EventSchedule.class);

    private final EventCursorRepository cursors;
    private final EventPoller poller;
    private final FetcherConfig config;

    public EventSchedule(EventCursorRepository cursors, EventPoller poller, FetcherConfig config) {
        this.cursors = cursors;
        this.poller = poller;
        this.config = config;
    }

    @Scheduled(identity = "event-poll", every = "${fetcher.events.poll-interval}", delayed = "${fetcher.events.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        if (!config.events().polling()) {
            return;
        }
        int started = 0;
        for (String districtId : cursors.liveDistrictIds()) {
            if (poller.pollWhenIdle(districtId)) {
                started++;
            }
        }
        LOG.debugf("Event poll tick: %d districts polled", started);
    }
}
