package io.rosterbridge.fetcher.mapping;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.fetcher.mapping.RosterRecords.DistrictRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.PersonName;
import io.rosterbridge.fetcher.mapping.RosterRecords.RoleRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.SchoolRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

/**
 * Clever v3 objects to normalised records. Every enum-like value (grade, role name, state...) is kept
 * as an open string, so a value Clever adds tomorrow passes through instead of breaking a sync.
 * Users are cut down to the district's licensed schools: a role whose schools are all unlicensed is
 * dropped, and a user left with no role is not emitted at all (and so counts as removed).
 */
public final class CleverMapper {

    /** Per-role fields copied into {@code attributes} when Clever sends them. */
    private static final List<String> ROLE_ATTRIBUTES = List.of(
            "grade", "title", "department", "student_number", "teacher_number", "staff_id");

    /** Roles that are district-wide or attached to students rather than schools. */
    private static final Set<String> SCHOOL_LESS_ROLES = Set.of("district_admin", "contact");

    private CleverMapper() {
    }

    public static DistrictRecord district(JsonNode d) {
        return new DistrictRecord(d.get("id").asText(), text(d, "name") == null ? "" : text(d, "name"), text(d, "state"));
    }

    /** Null when the school is not licensed for the district: its record is ignored. */
    public static SchoolRecord school(JsonNode s, String districtId, Set<String> licensedSchoolIds) {
        String id = s.get("id").asText();
        if (!licensedSchoolIds.contains(id)) {
            return null;
        }
        return new SchoolRecord(id, districtId, text(s, "name") == null ? "" : text(s, "name"), text(s, "sis_id"),
                text(s, "school_number"), text(s, "low_grade"), text(s, "high_grade"));
    }

    /** Null when the user has no role left in the licensed schools (or is only a contact and contacts are off). */
    public static UserRecord user(JsonNode u, String districtId, Set<String> licensedSchoolIds, boolean includeContacts) {
        JsonNode roles = u.path("roles");
        List<RoleRecord> kept = new ArrayList<>();
        TreeSet<String> userSchools = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = roles.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String role = entry.getKey();
            JsonNode fields = entry.getValue();
            if (fields == null || fields.isNull() || role.isEmpty() || ("contact".equals(role) && !includeContacts)) {
                continue;
            }
            TreeSet<String> cleverSchools = schoolsOf(fields);
            TreeSet<String> licensed = new TreeSet<>(cleverSchools);
            licensed.retainAll(licensedSchoolIds);
            if (licensed.isEmpty() && !(cleverSchools.isEmpty() && schoolLess(role, fields))) {
                continue; // a school role with no licensed school left
            }
            String primary = text(fields, "school");
            kept.add(new RoleRecord(role, primary != null && licensed.contains(primary) ? primary : null,
                    List.copyOf(licensed), text(fields, "sis_id"), attributes(fields)));
            userSchools.addAll(licensed);
        }
        if (kept.isEmpty()) {
            return null;
        }
        kept.sort((a, b) -> a.role().compareTo(b.role()));
        JsonNode name = u.path("name");
        return new UserRecord(u.get("id").asText(), districtId,
                new PersonName(text(name, "first"), text(name, "middle"), text(name, "last")),
                text(u, "email"), List.copyOf(userSchools), List.copyOf(kept));
    }

    private static boolean schoolLess(String role, JsonNode fields) {
        return SCHOOL_LESS_ROLES.contains(role) || (!fields.has("schools") && !fields.has("school"));
    }

    private static TreeSet<String> schoolsOf(JsonNode fields) {
        TreeSet<String> schools = new TreeSet<>();
        for (JsonNode s : fields.path("schools")) {
            if (s.isTextual() && !s.asText().isEmpty()) {
                schools.add(s.asText());
            }
        }
        String primary = text(fields, "school");
        if (primary != null && !primary.isEmpty()) {
            schools.add(primary);
        }
        return schools;
    }

    private static SortedMap<String, String> attributes(JsonNode fields) {
        SortedMap<String, String> attributes = new TreeMap<>();
        for (String name : ROLE_ATTRIBUTES) {
            if (fields.has(name)) {
                attributes.put(name, text(fields, name));
            }
        }
        String username = text(fields.path("credentials"), "district_username");
        if (username != null) {
            attributes.put("username", username);
        }
        return attributes;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
