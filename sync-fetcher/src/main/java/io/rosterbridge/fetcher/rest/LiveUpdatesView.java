package io.rosterbridge.fetcher.rest;

import java.time.Duration;
import java.time.Instant;

import io.rosterbridge.fetcher.repository.EventCursorRepository.Cursor;
import io.rosterbridge.fetcher.repository.EventCursorRepository.State;

/**
 * A district's live updates for the console: on or off and why, the last Clever event applied, and the lag (from
 * that event at Clever to its change sent to the roster).
 */
public record LiveUpdatesView(String districtId, boolean live, String state, String reason, String lastEventId,
        Instant lastEventAt, Instant lastAppliedAt, Instant lastPolledAt, Long lagSeconds) {

    /** Before the district's first completed full sync there is no cursor: live updates are not on yet. */
    static LiveUpdatesView notStarted(String districtId) {
        return new LiveUpdatesView(districtId, false, "not-started", "live updates start after the first completed full sync",
                null, null, null, null, null);
    }

    static LiveUpdatesView of(Cursor c) {
        Long lag = c.lastEventAt() == null || c.lastAppliedAt() == null ? null
                : Math.max(0, Duration.between(c.lastEventAt(), c.lastAppliedAt()).toSeconds());
        return new LiveUpdatesView(c.districtId(), c.state() == State.LIVE,
                c.state().code(), c.reason(), c.lastEventId(), c.lastEventAt(), c.lastAppliedAt(), c.lastPolledAt(), lag);
    }
}
