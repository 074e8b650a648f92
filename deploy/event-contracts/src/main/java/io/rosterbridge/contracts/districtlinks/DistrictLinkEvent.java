package io.rosterbridge.contracts.districtlinks;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.rosterbridge.contracts.Rfc3339;

/**
 * The district.links record (docs/events/district-links.schema.json): written by integration-requests, read by
 * sync-fetcher and sso-gateway, which both refuse a record {@link #problem} finds fault with.
 */
public record DistrictLinkEvent(
        int schemaVersion,
        String districtId,
        String organisationId,
        String districtName,
        String status,
        List<String> licensedSchoolIds,
        @Rfc3339 Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;
    /** The one status in which a district syncs and logs in. */
    public static final String ACTIVE = "active";
    private static final Set<String> STATUSES = Set.of(ACTIVE, "paused", "disconnected");
    private static final Pattern CLEVER_ID = Pattern.compile("^[0-9a-f]{24}$");

    /** Why this link must not be stored, or null when it is a valid link for {@code key}. */
    public String problem(String key) {
        if (schemaVersion != SCHEMA_VERSION) {
            return "unknown schemaVersion " + schemaVersion;
        }
        if (districtId == null || !CLEVER_ID.matcher(districtId).matches() || !districtId.equals(key)) {
            return "districtId missing, not a Clever id, or not the record key";
        }
        if (status == null || !STATUSES.contains(status)) {
            return "unknown status " + status;
        }
        if (updatedAt == null || organisationId == null || organisationId.isBlank() || licensedSchoolIds == null
                || !licensedSchoolIds.stream().allMatch(id -> id != null && CLEVER_ID.matcher(id).matches())) {
            return "updatedAt, organisationId or licensedSchoolIds missing or invalid";
        }
        return null;
    }

    @JsonIgnore
    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /**
     * Whether this link is older than the one stored (last updated at {@code storedUpdatedAt}, null when unknown): an
     * older link replayed after a newer one must not replace it.
     */
    public boolean isOlderThan(Instant storedUpdatedAt) {
        return storedUpdatedAt != null && updatedAt.isBefore(storedUpdatedAt);
    }
}
