package io.rosterbridge.sandbox.model;

/** A district's own record (the connection and sharing state live in {@link DistrictData}). */
public record District(String id, String name, String portalSlug, long created, long lastSync, String launchDate,
        String contactUserId, String contactFirst, String contactLast, String contactEmail) {
}
