package io.rosterbridge.writer.repository;

/** A school of the roster as the read API shows it ({@link SchoolReader}); written by {@link RosterTables}. */
public record School(String id, String districtId, String name, String sisId, String schoolNumber, boolean active) {
}
