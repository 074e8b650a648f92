package io.rosterbridge.sandbox.model;

/** A school as Clever shares it. Immutable: a change makes a new instance with a later {@code lastModified}. */
public record School(
        String id,
        String districtId,
        String name,
        String sisId,
        String schoolNumber,
        String stateId,
        String lowGrade,
        String highGrade,
        String phone,
        String principalName,
        String principalEmail,
        String address,
        String city,
        String state,
        String zip,
        long created,
        long lastModified) {
}
