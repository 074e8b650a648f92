package io.rosterbridge.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A user as roster-writer's read API returns it ({@code GET /api/users/{id}}); only what the gateway needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterUser(String id, String districtId, boolean active, List<Role> roles, List<String> schoolIds) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Role(String role, List<String> schoolIds) {
    }

    public List<String> roleNames() {
        return roles == null ? List.of() : roles.stream().map(Role::role).distinct().toList();
    }

    public List<String> schools() {
        return schoolIds == null ? List.of() : schoolIds;
    }
}
