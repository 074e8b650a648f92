package io.rosterbridge.sandbox.model;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A Clever v3 user: one id, one name, any of the roles student/teacher/staff/district_admin.
 * Kept compact for million-user districts: SIS numbers, usernames and generated e-mail addresses are
 * derived from {@code number} when rendered instead of being stored.
 */
public final class User {

    /** Marker for "e-mail derived from name and number" (compared by identity). */
    public static final String DERIVED_EMAIL = new String("derived");

    private final String id;
    private final String districtId;
    private final int number;
    private final String first;
    private final String middle;
    private final String last;
    private final String email;
    private final String emailDomain;
    private final StudentRole student;
    private final TeacherRole teacher;
    private final StaffRole staff;
    private final AdminRole districtAdmin;
    private final long created;
    private final long lastModified;

    public User(String id, String districtId, int number, String first, String middle, String last, String email,
            String emailDomain, StudentRole student, TeacherRole teacher, StaffRole staff, AdminRole districtAdmin,
            long created, long lastModified) {
        this.id = id;
        this.districtId = districtId;
        this.number = number;
        this.first = first;
        this.middle = middle;
        this.last = last;
        this.email = email;
        this.emailDomain = emailDomain;
        this.student = student;
        this.teacher = teacher;
        this.staff = staff;
        this.districtAdmin = districtAdmin;
        this.created = created;
        this.lastModified = lastModified;
    }

    public String id() {
        return id;
    }

    public String districtId() {
        return districtId;
    }

    public int number() {
        return number;
    }

    public String first() {
        return first;
    }

    public String middle() {
        return middle;
    }

    public String last() {
        return last;
    }

    /** The e-mail address, or null when the user has none. */
    public String email() {
        if (email == DERIVED_EMAIL) {
            return (first + "." + last + number + "@" + emailDomain).toLowerCase(Locale.ROOT).replace(' ', '-');
        }
        return email;
    }

    public StudentRole student() {
        return student;
    }

    public TeacherRole teacher() {
        return teacher;
    }

    public StaffRole staff() {
        return staff;
    }

    public AdminRole districtAdmin() {
        return districtAdmin;
    }

    public long created() {
        return created;
    }

    public long lastModified() {
        return lastModified;
    }

    public boolean hasRole(Role role) {
        return switch (role) {
            case STUDENT -> student != null;
            case TEACHER -> teacher != null;
            case STAFF -> staff != null;
            case DISTRICT_ADMIN -> districtAdmin != null;
        };
    }

    /** The schools of a role ({@code district_admin} has none), primary first. */
    public String[] schoolsOf(Role role) {
        return switch (role) {
            case STUDENT -> student == null ? NO_SCHOOLS : student.schools();
            case TEACHER -> teacher == null ? NO_SCHOOLS : teacher.schools();
            case STAFF -> staff == null ? NO_SCHOOLS : staff.schools();
            case DISTRICT_ADMIN -> NO_SCHOOLS;
        };
    }

    /** Every school of every role, primary of the first role first. */
    public Set<String> allSchools() {
        Set<String> schools = new LinkedHashSet<>();
        for (Role role : Role.values()) {
            for (String school : schoolsOf(role)) {
                schools.add(school);
            }
        }
        return schools;
    }

    public boolean inSchool(String schoolId) {
        for (Role role : Role.values()) {
            for (String school : schoolsOf(role)) {
                if (school.equals(schoolId)) {
                    return true;
                }
            }
        }
        return false;
    }

    public User withName(String newFirst, String newLast, long now) {
        return new User(id, districtId, number, newFirst, middle, newLast, email, emailDomain, student, teacher, staff,
                districtAdmin, created, now);
    }

    public User withEmail(String newEmail, long now) {
        return new User(id, districtId, number, first, middle, last, newEmail, emailDomain, student, teacher, staff,
                districtAdmin, created, now);
    }

    public User withStudent(StudentRole role, long now) {
        return new User(id, districtId, number, first, middle, last, email, emailDomain, role, teacher, staff,
                districtAdmin, created, now);
    }

    private static final String[] NO_SCHOOLS = new String[0];

    /** Student role; {@code schools[0]} is the primary school. */
    public record StudentRole(String[] schools, String grade, String gender, String dob, String graduationYear,
            long created, long lastModified) {

        public StudentRole inSchools(String[] newSchools, long now) {
            return new StudentRole(newSchools, grade, gender, dob, graduationYear, created, now);
        }

        public StudentRole inGrade(String newGrade, long now) {
            return new StudentRole(schools, newGrade, gender, dob, graduationYear, created, now);
        }
    }

    /** Teacher role; {@code schools[0]} is the primary school. */
    public record TeacherRole(String[] schools, String title, long created, long lastModified) {
    }

    /** Staff role (no primary school in Clever's schema). */
    public record StaffRole(String[] schools, String title, String department) {
    }

    /** District administrator role: district-wide, no schools. */
    public record AdminRole(String title) {
    }
}
