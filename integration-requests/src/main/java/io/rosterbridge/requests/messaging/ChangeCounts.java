package io.rosterbridge.requests.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Created / updated / removed / restored counts of a run (sync.runs and roster.applied). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeCounts(int created, int updated, int removed, int restored) {
}
