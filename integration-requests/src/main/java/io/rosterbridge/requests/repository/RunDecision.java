package io.rosterbridge.requests.repository;

import java.util.Locale;

/**
 * Support's decision on a held run: requested from the console, then carried out by the fetcher (its
 * {@link RunStatus#APPROVED} or {@link RunStatus#DISCARDED} event).
 */
public enum RunDecision {
    APPROVE_REQUESTED, DISCARD_REQUESTED, APPROVED, DISCARDED;

    public static RunDecision requested(boolean approve) {
        return approve ? APPROVE_REQUESTED : DISCARD_REQUESTED;
    }

    /** The decision a fetcher's decision event reports. */
    public static RunDecision carriedOut(RunStatus decision) {
        return switch (decision) {
            case APPROVED -> APPROVED;
            case DISCARDED -> DISCARDED;
            default -> throw new IllegalArgumentException(decision.code() + " is not a decision");
        };
    }

    /** The value in the database and on the console ({@code approve-requested}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RunDecision fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
