package io.rosterbridge.reliability;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.User;

/**
 * Clever's truth for one district, computed from the sandbox's world (not from its HTTP API, which is what the
 * services read): every user the district shares with the app, cut down to the licensed schools exactly as the
 * product promises — a role survives when it is shared and has a licensed school (a district admin has none),
 * and a user with no role left is not on the roster.
 */
final class ExpectedRoster {

    /** What the roster must hold for one active user. Roles map role name to its licensed schools. */
    record ExpectedUser(String first, String last, Map<String, Set<String>> roles, Set<String> schools) {
    }

    private ExpectedRoster() {
    }

    static Map<String, ExpectedUser> of(SandboxWorld world, String districtId, Set<String> licensed) {
        Sharing sharing = world.sharing(world.districtData(districtId));
        Map<String, ExpectedUser> expected = new HashMap<>();
        List<String> ids = world.userIds(districtId, (Role) null);
        for (String id : ids) {
            User user = world.user(id);
            if (user == null || !sharing.userVisible(user)) {
                continue;
            }
            Map<String, Set<String>> roles = new TreeMap<>();
            Set<String> schools = new TreeSet<>();
            for (Role role : Role.values()) {
                if (!sharing.roleVisible(user, role)) {
                    continue;
                }
                Set<String> roleSchools = new TreeSet<>(Arrays.asList(sharing.sharedOnly(user.schoolsOf(role))));
                roleSchools.retainAll(licensed);
                if (role != Role.DISTRICT_ADMIN && roleSchools.isEmpty()) {
                    continue;
                }
                roles.put(role.apiName(), roleSchools);
                schools.addAll(roleSchools);
            }
            if (!roles.isEmpty()) {
                expected.put(id, new ExpectedUser(user.first(), user.last(), roles, schools));
            }
        }
        return expected;
    }
}
