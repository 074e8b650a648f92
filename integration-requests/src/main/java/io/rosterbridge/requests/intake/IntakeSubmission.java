package io.rosterbridge.requests.intake;

import java.util.List;

/** What a district admin submits, from the form or the JSON API, before validation. */
public record IntakeSubmission(
        String districtName,
        List<School> schools,
        String contactName,
        String contactEmail,
        List<String> sharedRoles,
        String notes) {

    public record School(String name, String cleverSchoolId) {
    }
}
