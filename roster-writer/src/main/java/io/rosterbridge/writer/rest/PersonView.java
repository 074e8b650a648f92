package io.rosterbridge.writer.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Person", description = "A roster user as support sees it: state, roles, schools and the sync run that last changed it")
public record PersonView(
        @Schema(description = "Clever user id") String id,
        String districtId,
        @Schema(nullable = true, description = "The district's name, when the roster holds the district") String districtName,
        @Schema(description = "False once Clever removed the user (archived, never deleted)") boolean active,
        @Schema(nullable = true, description = "When the user was archived; null while active") Instant archivedAt,
        UserView.Name name,
        @Schema(nullable = true) String email,
        List<UserView.Role> roles,
        @Schema(description = "The user's schools the roster holds, by name") List<SchoolView> schools,
        @Schema(description = "When the change that set the row happened (the change's occurredAt)") Instant lastChangeAt,
        @Schema(nullable = true, description = "The sync run whose change last altered the user; null for rows written before the writer kept it") LastRun lastRun) {

    @Schema(name = "PersonLastRun")
    public record LastRun(UUID runId,
            @Schema(nullable = true, description = "When the writer applied the run's completion; null while the run is applying") Instant completedAt) {
    }
}
