package io.rosterbridge.requests.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A person as roster-writer's read API answers it ({@code GET /api/people/{id}}); fields added there are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterPerson(String id, String districtId, String districtName, boolean active, Instant archivedAt,
        Name name, String email, List<Role> roles, List<School> schools, Instant lastChangeAt, LastRun lastRun) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Name(String first, String middle, String last) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Role(String role, List<String> schoolIds, String sisId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record School(String id, String name, boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LastRun(UUID runId, Instant completedAt) {
    }

    /** One page of a search ({@code GET /api/people?q=}); {@code nextOffset} null on the last page. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<RosterPerson> data, Integer nextOffset) {
    }

    public String displayName() {
        String first = name == null || name.first() == null ? "" : name.first();
        String last = name == null || name.last() == null ? "" : name.last();
        return (first + " " + last).strip();
    }

    public List<String> roleNames() {
        return roles == null ? List.of() : roles.stream().map(Role::role).toList();
    }
}
