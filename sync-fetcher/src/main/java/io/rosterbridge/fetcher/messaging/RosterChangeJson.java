package io.rosterbridge.fetcher.messaging;

import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.mapping.JsonText;

/**
 * A roster.change as JSON, its envelope written by hand around the record's JSON, which the fetcher holds already
 * encoded: a first sync sends one event per record of the district, and Jackson's reflection per event cost more CPU
 * than the sending itself. The text is exactly what Jackson writes for the shared {@link RosterChange}
 * (RosterChangeJsonTest), so the contract stays the one in event-contracts and docs/events.
 */
final class RosterChangeJson {

    private RosterChangeJson() {
    }

    /** The change's JSON; its record must be {@link EntityRecord.Encoded} (the fetcher sends no other). */
    static String write(RosterChange change) {
        if (!(change.record() instanceof EntityRecord.Encoded encoded)) {
            throw new IllegalArgumentException("the fetcher sends records it has encoded, not " + change.record().getClass().getSimpleName());
        }
        StringBuilder out = new StringBuilder(encoded.json().length() + 360);
        out.append("{\"schemaVersion\":").append(change.schemaVersion()).append(",\"type\":");
        JsonText.quote(out, change.type());
        out.append(",\"eventId\":\"").append(change.eventId()).append("\",\"runId\":\"").append(change.runId()).append("\",\"districtId\":");
        JsonText.quote(out, change.districtId());
        out.append(",\"changeType\":");
        JsonText.quote(out, change.changeType().wire());
        out.append(",\"entityType\":");
        JsonText.quote(out, change.entityType().wire());
        out.append(",\"entityId\":");
        JsonText.quote(out, change.entityId());
        out.append(",\"occurredAt\":\"").append(change.occurredAt()).append("\",\"record\":").append(encoded.json()).append('}');
        return out.toString();
    }
}
