package io.rosterbridge.sandbox.model;

import java.util.Locale;

/** A user's role in a district, named as in Clever's {@code roles} object and {@code role} filter. */
public enum Role {
    STUDENT("student"),
    TEACHER("teacher"),
    STAFF("staff"),
    DISTRICT_ADMIN("district_admin");

    private final String apiName;

    Role(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The {@code user_type} claim of Clever's id_token and userinfo. */
    public String userType() {
        return this == DISTRICT_ADMIN ? "district admin" : apiName;
    }

    /** Accepts {@code student}, {@code district_admin}, {@code DISTRICT_ADMIN}, {@code district-admin}. */
    public static Role parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("role is required");
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Role role : values()) {
            if (role.apiName.equals(normalized)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (student, teacher, staff, district_admin)");
    }
}
