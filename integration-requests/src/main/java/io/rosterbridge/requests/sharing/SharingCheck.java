package io.rosterbridge.requests.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rosterbridge.clever.CleverSchool;

/**
 * Builds a {@link SharingReport} from what Clever shares and what the request asked for, flagging
 * what onboarding needs and is missing: a requested school not shared, a school without teachers,
 * no students (when they said so), no staff, no district admins.
 */
public final class SharingCheck {

    /** A school as the requester named it. */
    public record RequestedSchool(String name, String cleverSchoolId) {
    }

    /** Users per school for each role, and the number of district admins. */
    public record RoleCounts(Map<String, Integer> students, Map<String, Integer> teachers, Map<String, Integer> staff,
            int totalStudents, int totalTeachers, int totalStaff, int districtAdmins) {
    }

    private SharingCheck() {
    }

    public static SharingReport build(String cleverDistrictName, List<RequestedSchool> requested, Set<String> requestedRoles,
            List<CleverSchool> shared, RoleCounts counts, Instant checkedAt) {
        Map<String, String> requestedAs = new HashMap<>();
        List<String> notShared = new ArrayList<>();
        for (RequestedSchool school : requested) {
            CleverSchool match = shared.stream()
                    .filter(s -> !requestedAs.containsKey(s.id()))
                    .filter(s -> SchoolMatcher.matches(school.name(), school.cleverSchoolId(), s.name(), s.id()))
                    .findFirst().orElse(null);
            if (match == null) {
                notShared.add(school.name());
            } else {
                requestedAs.put(match.id(), school.name());
            }
        }
        List<SharingReport.SchoolShare> schools = shared.stream()
                .map(s -> new SharingReport.SchoolShare(s.id(), s.name(), requestedAs.get(s.id()),
                        counts.students().getOrDefault(s.id(), 0),
                        counts.teachers().getOrDefault(s.id(), 0),
                        counts.staff().getOrDefault(s.id(), 0)))
                .toList();

        List<String> problems = new ArrayList<>();
        notShared.forEach(name -> problems.add("Requested school \"" + name + "\" is not shared."));
        boolean anyRequestedShared = !requestedAs.isEmpty();
        for (SharingReport.SchoolShare school : schools) {
            if ((school.requested() || !anyRequestedShared) && school.teachers() == 0) {
                problems.add("School \"" + school.name() + "\" has no teachers shared.");
            }
        }
        if (shared.isEmpty()) {
            problems.add("No schools are shared.");
        }
        if (requestedRoles.contains("students") && counts.totalStudents() == 0) {
            problems.add("No students are shared.");
        }
        if (counts.totalStaff() == 0) {
            problems.add("No staff are shared.");
        }
        if (counts.districtAdmins() == 0) {
            problems.add("No district admins are shared.");
        }
        return new SharingReport(checkedAt, cleverDistrictName, schools, notShared, counts.totalStudents(),
                counts.totalTeachers(), counts.totalStaff(), counts.districtAdmins(), problems);
    }
}
