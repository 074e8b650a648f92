package io.rosterbridge.requests.intake;

import java.util.Arrays;
import java.util.Optional;

/** The roles a district can share with us, as the intake names them, and Clever's role names. */
public enum SharedRole {
    STUDENTS("students", "student", "Students"),
    TEACHERS("teachers", "teacher", "Teachers"),
    STAFF("staff", "staff", "Staff"),
    DISTRICT_ADMINS("district_admins", "district_admin", "District admins");

    private final String code;
    private final String cleverRole;
    private final String label;

    SharedRole(String code, String cleverRole, String label) {
        this.code = code;
        this.cleverRole = cleverRole;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String cleverRole() {
        return cleverRole;
    }

    public String label() {
        return label;
    }

    public static Optional<SharedRole> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
