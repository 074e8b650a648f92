package io.rosterbridge.contracts.rosterchanges;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.rosterbridge.contracts.Rfc3339;

/** One {@code roster.change}: the full record of one entity as it is now (as last seen, for {@code removed}). */
public record RosterChange(
        int schemaVersion,
        String type,
        UUID eventId,
        UUID runId,
        String districtId,
        ChangeType changeType,
        EntityType entityType,
        String entityId,
        @Rfc3339 Instant occurredAt,
        EntityRecord record) implements RosterMessage {

    public static final String TYPE = "roster.change";

    public RosterChange(UUID eventId, UUID runId, String districtId, ChangeType changeType, EntityType entityType,
            String entityId, Instant occurredAt, EntityRecord record) {
        this(SCHEMA_VERSION, TYPE, eventId, runId, districtId, changeType, entityType, entityId, occurredAt, record);
    }

    /** A change whose record the producer holds already encoded as the contract's JSON. */
    public static RosterChange ofEncoded(UUID eventId, UUID runId, String districtId, ChangeType changeType,
            EntityType entityType, String entityId, Instant occurredAt, String recordJson) {
        return new RosterChange(eventId, runId, districtId, changeType, entityType, entityId, occurredAt,
                new EntityRecord.Encoded(entityType, entityId, entityType == EntityType.DISTRICT ? entityId : districtId, recordJson));
    }

    /** A removed entity is archived; every other change leaves it active. */
    public boolean leavesActive() {
        return changeType != ChangeType.REMOVED;
    }

    /**
     * The rules across fields that the schema cannot state, or null when there is nothing wrong: the record is the
     * change's entity, of its district, and a user holds each role once.
     */
    String problem() {
        if (record.kind() != entityType) {
            return "record.kind '" + record.kind().wire() + "' does not match entityType " + entityType.wire();
        }
        if (!record.id().equals(entityId)) {
            return "record.id " + record.id() + " is not the entityId " + entityId;
        }
        if (!record.districtId().equals(districtId)) {
            return "record belongs to district " + record.districtId() + ", not " + districtId;
        }
        if (record instanceof EntityRecord.User user) {
            Set<String> roles = new HashSet<>();
            for (EntityRecord.Role role : user.roles()) {
                if (!roles.add(role.role())) {
                    return "record.roles lists role '" + role.role() + "' twice";
                }
            }
        }
        return null;
    }
}
