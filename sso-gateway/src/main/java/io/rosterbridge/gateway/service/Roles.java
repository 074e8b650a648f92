package io.rosterbridge.gateway.service;

import java.util.Collection;

/** Clever role names as the roster keeps them, and which app a set of roles lands in. */
public final class Roles {

    public static final String STUDENT = "student";

    private Roles() {
    }

    /** Only students go to the student app; anyone with a staff-side role (also a student who is staff) goes to the staff app. */
    public static boolean studentOnly(Collection<String> roles) {
        return !roles.isEmpty() && roles.stream().allMatch(STUDENT::equals);
    }
}
