package io.rosterbridge.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A person as roster-writer's read API returns it ({@code GET /api/people/{id}}); only what the landing page shows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterPerson(String id, Name name, List<School> schools) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Name(String first, String last) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record School(String id, String name) {
    }
}
