package io.rosterbridge.clever;

/** A district as Clever names it. */
public record CleverDistrict(String id, String name) {
}
