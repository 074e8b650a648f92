package io.rosterbridge.sandbox.model;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the sandbox knows about one district: its records (sorted by id, as Clever pages them),
 * the app's connection (token) and what the district shares with the app. Guarded by the world's lock:
 * read under the read lock, changed only by {@code SandboxWorld}.
 */
public final class DistrictData {

    private District district;
    private final TreeMap<String, School> schools = new TreeMap<>();
    private final TreeMap<String, User> users = new TreeMap<>();
    private final TreeMap<String, Section> sections = new TreeMap<>();
    private final TreeMap<String, Term> terms = new TreeMap<>();
    private final TreeMap<String, Course> courses = new TreeMap<>();
    private final Set<String> unsharedSchools = new HashSet<>();
    private final EnumSet<Role> sharedRoles = EnumSet.allOf(Role.class);
    private Connection connection;
    private int schoolYear;

    public DistrictData(District district, int schoolYear) {
        this.district = district;
        this.schoolYear = schoolYear;
    }

    public District district() {
        return district;
    }

    public void district(District updated) {
        this.district = updated;
    }

    public String id() {
        return district.id();
    }

    public TreeMap<String, School> schools() {
        return schools;
    }

    public TreeMap<String, User> users() {
        return users;
    }

    public TreeMap<String, Section> sections() {
        return sections;
    }

    public TreeMap<String, Term> terms() {
        return terms;
    }

    public TreeMap<String, Course> courses() {
        return courses;
    }

    public Set<String> unsharedSchools() {
        return unsharedSchools;
    }

    public EnumSet<Role> sharedRoles() {
        return sharedRoles;
    }

    /** The app's connection, or null while the district is disconnected. */
    public Connection connection() {
        return connection;
    }

    public void connection(Connection updated) {
        this.connection = updated;
    }

    public boolean connected() {
        return connection != null;
    }

    /** The calendar year in which the current school year ends (2026 for 2025/26). */
    public int schoolYear() {
        return schoolYear;
    }

    public void schoolYear(int year) {
        this.schoolYear = year;
    }

    /** A district-app token as listed by {@code GET /oauth/tokens}. */
    public record Connection(String tokenId, String accessToken, long created) {
    }
}
