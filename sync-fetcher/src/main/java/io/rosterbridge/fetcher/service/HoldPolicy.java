package io.rosterbridge.fetcher.service;

import java.util.Optional;

/**
 * Clever-style safety threshold: a run that would remove more than a share of the district's active
 * users, or more than a fixed number of them, is held until support approves it.
 */
public final class HoldPolicy {

    private final double maxShare;
    private final long maxCount;

    public HoldPolicy(double maxShare, long maxCount) {
        this.maxShare = maxShare;
        this.maxCount = maxCount;
    }

    /** Why the run must be held, or empty when its removals may go out. */
    public Optional<String> holdReason(long userRemovals, long activeUsersBefore) {
        if (userRemovals == 0) {
            return Optional.empty();
        }
        if (userRemovals > maxCount) {
            return Optional.of("would remove " + userRemovals + " users, more than the limit of " + maxCount);
        }
        if (activeUsersBefore > 0 && (double) userRemovals / activeUsersBefore > maxShare) {
            return Optional.of(String.format(java.util.Locale.ROOT, "would remove %d of %d users (%.1f%%), more than %.1f%%",
                    userRemovals, activeUsersBefore, 100.0 * userRemovals / activeUsersBefore, 100.0 * maxShare));
        }
        return Optional.empty();
    }
}
