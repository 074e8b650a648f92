package io.rosterbridge.writer.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.writer.repository.PersonRow;
import io.rosterbridge.writer.repository.RosterUser;
import io.rosterbridge.writer.repository.School;
import io.rosterbridge.writer.service.RosterQueries.Counts;

/** Stored rows and query results → this API's payloads. Here, beside the payloads, so nothing below names them. */
@ApplicationScoped
public class RosterViews {

    private static final TypeReference<List<UserView.Role>> ROLES = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    public UserView user(RosterUser user) {
        List<UserView.Role> roles;
        try {
            roles = json.readValue(user.roles(), ROLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored roles of user " + user.id() + " are not readable", e);
        }
        return new UserView(user.id(), user.districtId(), user.active(),
                new UserView.Name(user.firstName(), user.middleName(), user.lastName()), user.email(), roles,
                user.schoolIds(), user.updatedAt());
    }

    public PersonView person(PersonRow row, List<School> schools, String districtName) {
        UserView user = user(row.user());
        PersonView.LastRun lastRun = row.lastRunId() == null ? null : new PersonView.LastRun(row.lastRunId(), row.lastRunCompletedAt());
        return new PersonView(user.id(), user.districtId(), districtName, user.active(), row.archivedAt(), user.name(),
                user.email(), user.roles(), schools.stream().map(this::school).toList(), row.lastChangeAt(), lastRun);
    }

    public SchoolView school(School school) {
        return new SchoolView(school.id(), school.districtId(), school.name(), school.sisId(), school.schoolNumber(),
                school.active());
    }

    public CountsView counts(String districtId, Counts counts) {
        return new CountsView(districtId, counts.totalActive(), counts.bySchoolAndRole().stream()
                .map(c -> new CountsView.SchoolRoleCount(c.schoolId(), c.role(), c.active(), c.archived()))
                .toList());
    }
}
