package io.rosterbridge.gateway.messaging;

import java.time.Instant;
import java.util.List;

/** The district.links record (docs/events/district-links.schema.json). */
public record DistrictLinkEvent(
        int schemaVersion,
        String districtId,
        String organisationId,
        String districtName,
        String status,
        List<String> licensedSchoolIds,
        Instant updatedAt) {
}
