package io.rosterbridge.sandbox.model;

/** A term; {@code startDate}/{@code endDate} are Clever timestamps (UTC midnight). */
public record Term(String id, String districtId, String name, long startDate, long endDate) {
}
