package io.rosterbridge.writer.repository;

import java.time.Instant;
import java.util.List;

/** A user of the roster as the read API shows it ({@link UserReader}); written by {@link UserWriter}. */
public record RosterUser(
        String id,
        String districtId,
        String firstName,
        String middleName,
        String lastName,
        String email,
        /* The contract's role objects as JSON text (jsonb in the table). */
        String roles,
        List<String> schoolIds,
        boolean active,
        Instant updatedAt) {
}
