package io.rosterbridge.fetcher.client;

import java.util.List;

/**
 * One page of a Clever list: the mapped items kept, how many items Clever sent, and the next page's
 * URI resolved from Clever's {@code links} next (null on the last page). {@code itemNanos} is the time
 * spent turning items into results (parsing each item and the caller's mapper); {@code bodyNanos} the
 * whole body read, so their difference is time spent waiting for bytes from Clever.
 */
public record ListPage<R>(List<R> items, int fetched, String next, long itemNanos, long bodyNanos) {
}
