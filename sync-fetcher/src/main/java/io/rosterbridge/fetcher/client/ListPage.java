package io.rosterbridge.fetcher.client;

import java.util.List;

/**
 * One page of a Clever list: the mapped items kept, how many items Clever sent, and the next page's
 * URI exactly as Clever gave it in {@code links} (null on the last page).
 */
public record ListPage<R>(List<R> items, int fetched, String next) {
}
