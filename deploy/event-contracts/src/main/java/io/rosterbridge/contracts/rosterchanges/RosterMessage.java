package io.rosterbridge.contracts.rosterchanges;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A roster.changes message (docs/events/roster-changes.schema.json): a change, or a run's completed marker, told
 * apart by {@code type}. sync-fetcher sends them, roster-writer applies them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = RosterChange.class, name = RosterChange.TYPE),
        @JsonSubTypes.Type(value = RunCompleted.class, name = RunCompleted.TYPE) })
public sealed interface RosterMessage permits RosterChange, RunCompleted {

    int SCHEMA_VERSION = 1;

    UUID eventId();

    UUID runId();

    String districtId();

    /**
     * What the schema cannot say: the record key is the district (its partition orders the district's messages), and
     * what {@link RosterChange#problem()} adds for a change. Null when there is nothing wrong.
     */
    default String problem(String key) {
        if (!districtId().equals(key)) {
            return "record key '" + key + "' is not the districtId " + districtId();
        }
        return this instanceof RosterChange change ? change.problem() : null;
    }
}
