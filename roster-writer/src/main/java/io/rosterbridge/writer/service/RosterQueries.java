package io.rosterbridge.writer.service;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.writer.repository.RosterUser;
import io.rosterbridge.writer.repository.School;
import io.rosterbridge.writer.repository.SchoolReader;
import io.rosterbridge.writer.repository.UserReader;
import io.rosterbridge.writer.repository.UserReader.SchoolRoleCount;

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

    public record Counts(long totalActive, List<SchoolRoleCount> bySchoolAndRole) {
    }

    private final UserReader users;
    private final SchoolReader schools;

    @Inject
    public RosterQueries(UserReader users, SchoolReader schools) {
        this.users = users;
        this.schools = schools;
    }

    public RosterUser user(String userId) {
        requireCleverId(userId, "userId");
        return read(() -> users.find(userId)).orElseThrow(() -> new NotFound("No user " + userId));
    }

    public UserPage users(String districtId, UserFilter filter, int limit, String after) {
        requireCleverId(districtId, "districtId");
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadQuery("limit must be between 1 and " + MAX_PAGE);
        }
        if (after != null) {
            requireCleverId(after, "after");
        }
        if (filter.school() != null) {
            requireCleverId(filter.school(), "school");
        }
        if (filter.role() != null && filter.role().isBlank()) {
            throw new BadQuery("role must not be blank");
        }
        // One more than the page: whether there is a next page.
        List<RosterUser> found = read(() -> users.page(districtId, filter.school(), filter.role(), filter.active(), after, limit + 1));
        if (found.size() > limit) {
            List<RosterUser> page = found.subList(0, limit);
            return new UserPage(page, page.get(limit - 1).id());
        }
        return new UserPage(found, null);
    }

    public List<School> schools(String districtId) {
        requireCleverId(districtId, "districtId");
        return read(() -> schools.ofDistrict(districtId));
    }

    public Counts counts(String districtId) {
        requireCleverId(districtId, "districtId");
        return read(() -> new Counts(users.activeIn(districtId), users.countsBySchoolAndRole(districtId)));
    }

    /** A read the database fails is a server error (500), not the caller's. */
    private interface Read<T> {
        T get() throws SQLException;
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new IllegalStateException("The roster is not readable: " + e.getMessage(), e);
        }
    }

    private static void requireCleverId(String value, String name) {
        if (value == null || !CLEVER_ID.matcher(value).matches()) {
            throw new BadQuery(name + " must be a Clever id (24 lowercase hex characters)");
        }
    }
}
