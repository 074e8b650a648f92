package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.fetcher.client.ListPage;
import io.rosterbridge.fetcher.client.PageReader;
import io.rosterbridge.fetcher.repository.EventCursorRepository;
import io.rosterbridge.fetcher.repository.EventCursorRepository.Cursor;
import io.rosterbridge.fetcher.repository.EventCursorRepository.State;
import io.rosterbridge.fetcher.repository.RunStatus;

/**
 * Decides, around every full sync, whether a district's live updates run and from where. The newest event is read
 * before the sync starts: every event after it is replayed afterwards, so a change Clever made while the sync was
 * paging is applied even if the sync read the record before it (events are applied oldest first and idempotently,
 * so replaying what the sync already saw changes nothing). Only a completed sync starts live updates.
 */
@ApplicationScoped
public class EventFeed implements FullSyncObserver {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    static final String EVENTS_OFF = "Clever sent no events although the full sync found %d changes: events are not "
            + "enabled for the app or this district; nightly full sync only";

    private final CleverClient clever;
    private final PageReader pages;
    private final EventCursorRepository cursors;

    public EventFeed(CleverClient clever, PageReader pages, EventCursorRepository cursors) {
        this.clever = clever;
        this.pages = pages;
        this.cursors = cursors;
    }

    /** The district's live-updates state for support, or empty before its first completed full sync. */
    public Optional<Cursor> status(String districtId) {
        return cursors.find(districtId);
    }

    /** The newest event's id (empty: the feed is empty), read from the end of the feed. */
    Optional<NewestEvent> newestEvent(String districtId) {
        // a relative link resolves against the API host, as Clever's own links do
        ListPage<JsonNode> page = pages.page(districtId, clever.nextPage("/v3.0/events?ending_before=last&limit=1", 1), n -> n);
        return page.items().stream().findFirst()
                .map(e -> new NewestEvent(e.get("id").asText()));
    }

    record NewestEvent(String id) {
    }

    @Override
    public SyncRunner.Outcome around(String districtId, Supplier<SyncRunner.Outcome> sync) {
        Optional<NewestEvent> newest;
        String feedError = null;
        try {
            newest = newestEvent(districtId);
        } catch (RuntimeException e) {
            newest = Optional.empty();
            feedError = e.getMessage();
        }
        SyncRunner.Outcome outcome = sync.get();
        try {
            afterFullSync(districtId, newest, feedError, outcome);
        } catch (RuntimeException e) {
            LOG.warnf("Live updates of district %s not updated after run %s: %s", districtId, outcome.runId(), e.getMessage());
        }
        return outcome;
    }

    private void afterFullSync(String districtId, Optional<NewestEvent> newest, String feedError, SyncRunner.Outcome outcome) {
        Instant now = Instant.now();
        Optional<Cursor> before = cursors.find(districtId);
        if (outcome.status() == RunStatus.HELD) {
            pauseForHeldRemovals(districtId, now);
            return;
        }
        if (outcome.status() != RunStatus.COMPLETED) {
            return; // a failed sync changes nothing: live updates go on, or still wait for a full sync
        }
        if (feedError != null) {
            cursors.setState(districtId, State.RESYNC, "could not read Clever's event feed before the full sync: " + feedError, now);
            return;
        }
        long changes = total(outcome.counts());
        if (newest.isEmpty() && changes > 0 && before.isPresent()) {
            // Events enabled would have shown these changes in the feed (kept 30 days, the nightly sync runs daily)
            cursors.setState(districtId, State.OFF, String.format(EVENTS_OFF, changes), now);
            LOG.infof("District %s: no events from Clever, live updates off (nightly full sync only)", districtId);
            return;
        }
        if (changes > 0 && before.isPresent() && before.get().state() == State.LIVE) {
            LOG.warnf("District %s: the full sync run %s found %d changes live updates had not applied (reconciled)", districtId,
                    outcome.runId(), changes);
        }
        cursors.goLive(districtId, newest.map(NewestEvent::id).orElse(null), now);
    }

    /**
     * The step after the sync, for a run whose replica died after it ended: a held run pauses live updates. The newest
     * event read before a completed run died with its replica, so the cursor stays where it was: events from there are
     * replayed idempotently, and a district that was not live yet goes live after its next completed full sync.
     */
    @Override
    public void afterTakeover(String districtId, UUID runId, RunStatus status) {
        if (status == RunStatus.HELD) {
            pauseForHeldRemovals(districtId, Instant.now());
        }
    }

    private void pauseForHeldRemovals(String districtId, Instant now) {
        cursors.setState(districtId, State.PAUSED, "the full sync's removals are held for review; live updates resume "
                + "after the next completed full sync", now);
    }

    private static long total(ChangeCounts counts) {
        return counts.created() + counts.updated() + counts.removed() + counts.restored();
    }
}
