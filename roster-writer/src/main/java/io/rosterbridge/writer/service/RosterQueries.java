package io.rosterbridge.writer.service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.rosterbridge.writer.repository.RosterUser;
import io.rosterbridge.writer.repository.School;

/** The read side of the roster: users, schools and counts of a district. Validates what callers pass in. */
@ApplicationScoped
public class RosterQueries {

    public static final int MAX_PAGE = 1000;

    private static final Pattern CLEVER_ID = Pattern.compile("[0-9a-f]{24}");

    /** A query the caller got wrong (400). */
    public static class BadQuery extends RuntimeException {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    /** Nothing with that id (404). */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** Filters of a user listing; null means "any". */
    public record UserFilter(String school, String role, Boolean active) {
    }

    /** One page of users and the cursor to the next one (null on the last page). */
    public record UserPage(List<RosterUser> users, String next) {
    }

    /** One row of the counts: users of a role in a school (school null for roles without schools). */
    public record SchoolRoleCount(String schoolId, String role, long active, long archived) {
    }

    public record Counts(long totalActive, List<SchoolRoleCount> bySchoolAndRole) {
    }

    private static final String COUNTS_BY_SCHOOL_AND_ROLE = """
            SELECT school.id AS school_id, role_entry ->> 'role' AS role,
                   count(*) FILTER (WHERE u.active) AS active, count(*) FILTER (WHERE NOT u.active) AS archived
            FROM roster_user u
            CROSS JOIN LATERAL jsonb_array_elements(u.roles) AS role_entry
            LEFT JOIN LATERAL jsonb_array_elements_text(role_entry -> 'schoolIds') AS school(id) ON true
            WHERE u.district_id = :district
            GROUP BY 1, 2
            ORDER BY 1 NULLS LAST, 2""";

    @Inject
    EntityManager entityManager;

    public RosterUser user(String userId) {
        requireCleverId(userId, "userId");
        return Optional.ofNullable(RosterUser.<RosterUser>findById(userId))
                .orElseThrow(() -> new NotFound("No user " + userId));
    }

    public UserPage users(String districtId, UserFilter filter, int limit, String after) {
        requireCleverId(districtId, "districtId");
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadQuery("limit must be between 1 and " + MAX_PAGE);
        }
        StringBuilder query = new StringBuilder("districtId = :district");
        Parameters parameters = Parameters.with("district", districtId);
        if (after != null) {
            requireCleverId(after, "after");
            query.append(" and id > :after");
            parameters.and("after", after);
        }
        if (filter.school() != null) {
            requireCleverId(filter.school(), "school");
            query.append(" and array_contains(schoolIds, :school)");
            parameters.and("school", filter.school());
        }
        if (filter.role() != null) {
            if (filter.role().isBlank()) {
                throw new BadQuery("role must not be blank");
            }
            query.append(" and array_contains(roleNames, :role)");
            parameters.and("role", filter.role());
        }
        if (filter.active() != null) {
            query.append(" and active = :active");
            parameters.and("active", filter.active());
        }
        List<RosterUser> found = RosterUser.<RosterUser>find(query.toString(), Sort.by("id"), parameters)
                .range(0, limit).list();
        if (found.size() > limit) {
            List<RosterUser> page = found.subList(0, limit);
            return new UserPage(page, page.get(limit - 1).id);
        }
        return new UserPage(found, null);
    }

    public List<School> schools(String districtId) {
        requireCleverId(districtId, "districtId");
        return School.list("districtId", Sort.by("id"), districtId);
    }

    public Counts counts(String districtId) {
        requireCleverId(districtId, "districtId");
        long totalActive = RosterUser.count("districtId = ?1 and active = true", districtId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(COUNTS_BY_SCHOOL_AND_ROLE)
                .setParameter("district", districtId)
                .getResultList();
        List<SchoolRoleCount> counts = rows.stream()
                .map(row -> new SchoolRoleCount((String) row[0], (String) row[1], ((Number) row[2]).longValue(),
                        ((Number) row[3]).longValue()))
                .toList();
        return new Counts(totalActive, counts);
    }

    private static void requireCleverId(String value, String name) {
        if (value == null || !CLEVER_ID.matcher(value).matches()) {
            throw new BadQuery(name + " must be a Clever id (24 lowercase hex characters)");
        }
    }
}
