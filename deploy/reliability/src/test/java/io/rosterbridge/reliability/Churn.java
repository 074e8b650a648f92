package io.rosterbridge.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;

/**
 * Ordinary roster life between two syncs, drawn from a seeded Random so a trial has changes to lose: renames
 * (updates), new students (creates), deleted users and students moving school (removals when the new school is
 * not licensed). Removals stay well under the hold threshold (10% or 1,000 users), so the run completes.
 */
final class Churn {

    private Churn() {
    }

    /** Applies the churn and describes it. {@code renameShare} is the share of users renamed. */
    static String apply(SandboxWorld world, String districtId, Random random, double renameShare) {
        return apply(world, districtId, random, renameShare, world.userIds(districtId, (Role) null),
                world.userIds(districtId, Role.STUDENT));
    }

    /**
     * The same, renaming, deleting and moving only users of {@code users} and {@code students}: waves of churn drawn
     * from one population never delete a user an earlier wave added, so "removed in Clever" stays exact.
     */
    static String apply(SandboxWorld world, String districtId, Random random, double renameShare, List<String> users,
            List<String> students) {
        List<String> schools = world.schoolIds(districtId);
        int n = users.size();
        int renames = (int) Math.round(n * renameShare);
        int adds = Math.max(1, n / 200);
        int removes = Math.max(1, n / 250);
        int moves = Math.max(1, n / 400);
        for (int i = 0; i < renames; i++) {
            String id = users.get(random.nextInt(n));
            var user = world.user(id);
            if (user != null) {
                world.renameUser(id, user.first(), "Renamed" + Integer.toString(random.nextInt(1_000_000), 36));
            }
        }
        for (int i = 0; i < adds; i++) {
            world.addUser(districtId, Role.STUDENT, List.of(schools.get(random.nextInt(schools.size()))),
                    "New" + i, "Student" + Integer.toString(random.nextInt(1_000_000), 36), "new" + random.nextInt(1_000_000) + "@example.org");
        }
        int removed = 0;
        for (int i = 0; i < removes; i++) {
            String id = users.get(random.nextInt(n));
            if (world.user(id) != null) {
                world.removeUser(id);
                removed++;
            }
        }
        // a student moves at most once per call: out to the unlicensed school and back within one call would be a change
        // no snapshot between calls sees
        Set<String> movedNow = new HashSet<>();
        for (int i = 0; i < moves && !students.isEmpty(); i++) {
            String id = students.get(random.nextInt(students.size()));
            if (world.user(id) != null && movedNow.add(id)) {
                world.moveStudent(id, schools.get(random.nextInt(schools.size())));
            }
        }
        return String.format(Locale.ROOT, "churn: %d renames, %d new students, %d deleted, %d moved", renames, adds, removed, movedNow.size());
    }
}
