package io.rosterbridge.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.fetcher.mapping.RosterRecords.DistrictRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.PersonName;
import io.rosterbridge.fetcher.mapping.RosterRecords.RoleRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.SchoolRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

/**
 * The streaming mapper (a page parsed token by token) against the tree mapper it replaced, kept here as the oracle:
 * random Clever users, schools and districts, with the odd shapes a tree tolerated (numbers, nulls, objects where
 * text is expected, unknown nested fields), must map to equal records, and so to equal fingerprints.
 */
class CleverMapperStreamingTest {

    private static final String DISTRICT = "5a0c91b95c7cc000010d417c";
    private static final List<String> SCHOOLS = List.of("aaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccc",
            "dddddddddddddddddddddddd");
    private static final Set<String> LICENSED = Set.of(SCHOOLS.get(0), SCHOOLS.get(1));
    private static final List<String> ROLES = List.of("student", "teacher", "staff", "district_admin", "contact", "mentor");
    private static final List<String> ROLE_FIELDS = List.of("grade", "title", "department", "student_number", "teacher_number",
            "staff_id", "sis_id", "school", "schools", "credentials", "gender", "dob", "legacy_id", "ext");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void streamingMapsEveryRandomObjectAsTheTreeMapperDid() throws Exception {
        long seed = System.nanoTime();
        System.out.println("CleverMapperStreamingTest seed " + seed);
        Random random = new Random(seed);
        int kept = 0;
        for (int i = 0; i < 3000; i++) {
            ObjectNode user = user(random, i);
            for (boolean contacts : new boolean[] {false, true}) {
                UserRecord expected = Oracle.user(user, DISTRICT, LICENSED, contacts);
                UserRecord streamed;
                try (JsonParser p = json.getFactory().createParser(json.writeValueAsBytes(user))) {
                    p.nextToken();
                    streamed = CleverMapper.user(p, DISTRICT, LICENSED, contacts);
                }
                assertThat(streamed).as("seed %d, user %s", seed, user).isEqualTo(expected);
                assertThat(CleverMapper.user(user, DISTRICT, LICENSED, contacts)).as("seed %d, tree form", seed).isEqualTo(expected);
                kept += expected == null ? 0 : 1;
            }
            ObjectNode school = school(random, i);
            assertThat(CleverMapper.school(school, DISTRICT, LICENSED)).as("seed %d, school %s", seed, school)
                    .isEqualTo(Oracle.school(school, DISTRICT, LICENSED));
            assertThat(CleverMapper.district(school)).as("seed %d, district %s", seed, school).isEqualTo(Oracle.district(school));
        }
        assertThat(kept).as("the random users exercise both kept and dropped users").isBetween(1000, 5000);
    }

    private ObjectNode user(Random random, int i) {
        ObjectNode u = json.createObjectNode();
        u.put("id", String.format("%024x", i));
        u.put("district", DISTRICT);
        maybe(random, u, "email", "u" + i + "@example.org");
        if (random.nextInt(10) > 0) {
            ObjectNode name = u.putObject("name");
            maybe(random, name, "first", "Ada");
            maybe(random, name, "middle", "B");
            maybe(random, name, "last", "Lovelace \"the first\"");
            name.put("nickname", "x");
        }
        u.putObject("ext").putArray("deep").addObject().put("roles", "not these");
        ObjectNode roles = u.putObject("roles");
        int count = random.nextInt(4);
        for (int r = 0; r < count; r++) {
            String role = ROLES.get(random.nextInt(ROLES.size()));
            if (random.nextInt(20) == 0) {
                roles.putNull(role);
                continue;
            }
            ObjectNode fields = roles.putObject(role);
            for (String field : ROLE_FIELDS) {
                if (random.nextInt(3) != 0) {
                    continue;
                }
                switch (field) {
                    case "schools" -> {
                        ArrayNode schools = fields.putArray("schools");
                        for (int s = random.nextInt(4); s > 0; s--) {
                            switch (random.nextInt(8)) {
                                case 0 -> schools.add("");
                                case 1 -> schools.add(7);
                                case 2 -> schools.addNull();
                                default -> schools.add(SCHOOLS.get(random.nextInt(SCHOOLS.size())));
                            }
                        }
                    }
                    case "school" -> {
                        if (random.nextInt(6) == 0) {
                            fields.putNull("school");
                        } else {
                            fields.put("school", SCHOOLS.get(random.nextInt(SCHOOLS.size())));
                        }
                    }
                    case "credentials" -> {
                        ObjectNode credentials = fields.putObject("credentials");
                        maybe(random, credentials, "district_username", "user" + i);
                        credentials.put("other", "x");
                    }
                    default -> value(random, fields, field);
                }
            }
        }
        return u;
    }

    private ObjectNode school(Random random, int i) {
        ObjectNode s = json.createObjectNode();
        s.put("id", SCHOOLS.get(i % SCHOOLS.size()));
        for (String field : List.of("name", "state", "sis_id", "school_number", "low_grade", "high_grade", "phone")) {
            if (random.nextInt(4) > 0) {
                value(random, s, field);
            }
        }
        s.putObject("location").put("state", "CA");
        return s;
    }

    /** A value of the field: mostly text, sometimes null, a number, a boolean, an object or an array. */
    private static void value(Random random, ObjectNode node, String field) {
        switch (random.nextInt(12)) {
            case 0 -> node.putNull(field);
            case 1 -> node.put(field, 42);
            case 2 -> node.put(field, 1.5);
            case 3 -> node.put(field, true);
            case 4 -> node.putObject(field).put("a", "b");
            case 5 -> node.putArray(field).add("x").add(2);
            case 6 -> node.put(field, "");
            default -> node.put(field, field + "-" + random.nextInt(100) + " \u00e9\t\"");
        }
    }

    private static void maybe(Random random, ObjectNode node, String field, String text) {
        switch (random.nextInt(8)) {
            case 0 -> { }
            case 1 -> node.putNull(field);
            default -> node.put(field, text);
        }
    }

    /** The tree mapper the streaming one replaced, unchanged but for being package-private here. */
    private static final class Oracle {

        private static final List<String> ROLE_ATTRIBUTES = List.of(
                "grade", "title", "department", "student_number", "teacher_number", "staff_id");
        private static final Set<String> SCHOOL_LESS_ROLES = Set.of("district_admin", "contact");

        static DistrictRecord district(JsonNode d) {
            return new DistrictRecord(d.get("id").asText(), text(d, "name") == null ? "" : text(d, "name"), text(d, "state"));
        }

        /** Null when the school is not licensed for the district: its record is ignored. */
        static SchoolRecord school(JsonNode s, String districtId, Set<String> licensedSchoolIds) {
            String id = s.get("id").asText();
            if (!licensedSchoolIds.contains(id)) {
                return null;
            }
            return new SchoolRecord(id, districtId, text(s, "name") == null ? "" : text(s, "name"), text(s, "sis_id"),
                    text(s, "school_number"), text(s, "low_grade"), text(s, "high_grade"));
        }

        /** Null when the user has no role left in the licensed schools (or is only a contact and contacts are off). */
        static UserRecord user(JsonNode u, String districtId, Set<String> licensedSchoolIds, boolean includeContacts) {
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
}
