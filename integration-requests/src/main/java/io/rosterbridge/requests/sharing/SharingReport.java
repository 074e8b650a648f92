package io.rosterbridge.requests.sharing;

import java.time.Instant;
import java.util.List;

/**
 * What Clever actually shares with us for one district, against what the request asked for.
 * Stored as JSON with the request and shown to support before linking and to the requester.
 */
public record SharingReport(
        Instant checkedAt,
        String cleverDistrictName,
        List<SchoolShare> schools,
        List<String> requestedSchoolsNotShared,
        int students,
        int teachers,
        int staff,
        int districtAdmins,
        List<String> problems) {

    /** One shared school: users per role, and whether the request named it. */
    public record SchoolShare(String schoolId, String name, String requestedAs, int students, int teachers, int staff) {

        public boolean requested() {
            return requestedAs != null;
        }
    }

    /** Clever shows us at least some records of the district. */
    public boolean recordsVisible() {
        return !schools.isEmpty() || students + teachers + staff + districtAdmins > 0;
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}
