package io.rosterbridge.writer.change;

import java.util.UUID;

/** A validated roster.changes message (docs/events/roster-changes.schema.json): a change or a run's completed marker. */
public sealed interface RosterMessage permits RosterChange, RunCompleted {

    UUID eventId();

    UUID runId();

    String districtId();
}
