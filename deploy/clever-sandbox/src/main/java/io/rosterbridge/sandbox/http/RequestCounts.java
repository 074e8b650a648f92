package io.rosterbridge.sandbox.http;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * Clever requests counted against the per-token budget: each district token's busiest clock minute (keyed by
 * district id, so no token is ever printed), the busiest minute of any token (SSO user tokens included) and the
 * app's requests per minute over all tokens.
 */
public record RequestCounts(int limitPerMinute, Map<String, Integer> peakPerDistrict, int maxPerTokenMinute,
        SortedMap<Instant, Long> appPerMinute) {
}
