package io.rosterbridge.requests.people;

import java.util.List;
import java.util.UUID;

import io.rosterbridge.requests.repository.IntegrationState;

/**
 * Where a person's district stands with us: its integration request (null {@code requestId} when the district never
 * asked), its state, and the schools the district wants (requested names) and licensed (ids in the link).
 */
public record DistrictLink(String districtId, UUID requestId, String districtName, IntegrationState state,
        List<String> licensedSchoolIds, List<String> requestedSchoolNames) {

    static DistrictLink unknown(String districtId) {
        return new DistrictLink(districtId, null, null, null, List.of(), List.of());
    }

    public boolean requested() {
        return requestId != null;
    }

    public boolean linked() {
        return state != null && state.isLinked() && state != IntegrationState.PAUSED;
    }

    /** The state as shown: the state's code, or "no integration request". */
    public String stateLabel() {
        return state == null ? "no integration request" : state.code();
    }
}
