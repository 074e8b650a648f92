package io.rosterbridge.writer.change;

import java.util.UUID;

import io.rosterbridge.contracts.rosterchanges.ChangeType;

/**
 * What one change actually did to the roster, counted for the run that sent it: {@code type} is the effect on the
 * row (a user created again when stored already may be an update, or nothing), not the change type the event named.
 */
public record EffectiveChange(UUID runId, String districtId, ChangeType type) {
}
