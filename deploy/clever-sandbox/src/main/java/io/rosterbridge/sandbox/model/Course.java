package io.rosterbridge.sandbox.model;

/** A course; Clever rebuilds course ids from section data, so they churn at rollover. */
public record Course(String id, String districtId, String name, String number) {
}
