package io.rosterbridge.clever;

/** A school the district shares with this app. */
public record CleverSchool(String id, String name) {
}
