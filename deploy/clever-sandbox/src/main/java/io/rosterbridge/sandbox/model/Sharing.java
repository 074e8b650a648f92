package io.rosterbridge.sandbox.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one district shares with the app at one moment: a snapshot taken under the world's read lock,
 * used afterwards to filter and render records without holding the lock.
 */
public final class Sharing {

    private final EnumSet<Role> sharedRoles;
    private final Set<String> unsharedSchools;
    private final Set<String> unsharedUsers;

    public Sharing(EnumSet<Role> sharedRoles, Set<String> unsharedSchools, Set<String> unsharedUsers) {
        this.sharedRoles = EnumSet.copyOf(sharedRoles);
        this.unsharedSchools = Set.copyOf(unsharedSchools);
        this.unsharedUsers = Set.copyOf(unsharedUsers);
    }

    public static Sharing of(DistrictData data, Set<String> unsharedUsers) {
        return new Sharing(data.sharedRoles(), data.unsharedSchools(), unsharedUsers);
    }

    public boolean schoolShared(String schoolId) {
        return !unsharedSchools.contains(schoolId);
    }

    /** A role is visible when its type is shared and (for school roles) one of its schools is shared. */
    public boolean roleVisible(User user, Role role) {
        if (!user.hasRole(role) || !sharedRoles.contains(role)) {
            return false;
        }
        if (role == Role.DISTRICT_ADMIN || unsharedSchools.isEmpty()) {
            return true;
        }
        String[] schools = user.schoolsOf(role);
        if (schools.length == 0) {
            return true;
        }
        for (String school : schools) {
            if (!unsharedSchools.contains(school)) {
                return true;
            }
        }
        return false;
    }

    public boolean userVisible(User user) {
        if (unsharedUsers.contains(user.id())) {
            return false;
        }
        for (Role role : Role.values()) {
            if (roleVisible(user, role)) {
                return true;
            }
        }
        return false;
    }

    /** Visible with the given role (for {@code /users?role=}). */
    public boolean userVisibleAs(User user, Role role) {
        return !unsharedUsers.contains(user.id()) && roleVisible(user, role);
    }

    /** Shared schools among {@code schools}, order kept; the same array when all are shared. */
    public String[] sharedOnly(String[] schools) {
        if (unsharedSchools.isEmpty()) {
            return schools;
        }
        int shared = 0;
        for (String school : schools) {
            if (!unsharedSchools.contains(school)) {
                shared++;
            }
        }
        if (shared == schools.length) {
            return schools;
        }
        String[] out = new String[shared];
        int i = 0;
        for (String school : schools) {
            if (!unsharedSchools.contains(school)) {
                out[i++] = school;
            }
        }
        return out;
    }

    public boolean sectionVisible(Section section) {
        return schoolShared(section.schoolId());
    }
}
