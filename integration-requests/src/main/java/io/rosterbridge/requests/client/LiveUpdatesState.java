package io.rosterbridge.requests.client;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A district's live-updates state as sync-fetcher names it (sync-fetcher/README.md, "Live updates"). */
public enum LiveUpdatesState {
    /** Polled: Clever's changes arrive within a poll interval. */
    LIVE,
    /** Clever sends no events for the app or the district: nightly full sync only. */
    OFF,
    /** Removals held for review; live again after the next completed full sync. */
    PAUSED,
    /** Clever no longer knows the cursor (or the feed could not be read): a full sync is under way. */
    RESYNC,
    /** No completed full sync yet. */
    NOT_STARTED,
    /** A state this console does not know yet (a newer fetcher): the fetcher's reason is shown as it is. */
    OTHER;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static LiveUpdatesState fromCode(String code) {
        for (LiveUpdatesState state : values()) {
            if (state != OTHER && state.code().equals(code)) {
                return state;
            }
        }
        return OTHER;
    }
}
