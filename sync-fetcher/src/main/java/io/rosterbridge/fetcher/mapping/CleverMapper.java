package io.rosterbridge.fetcher.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * <p>
 * Objects are read from a streaming {@link JsonParser} (a list page is parsed token by token, with no tree per item);
 * the {@link JsonNode} forms read the same way from the tree, so both give the same record.
 */
public final class CleverMapper {

    /** Per-role fields copied into {@code attributes} when Clever sends them. */
    private static final Set<String> ROLE_ATTRIBUTES = Set.of(
            "grade", "title", "department", "student_number", "teacher_number", "staff_id");

    /** Roles that are district-wide or attached to students rather than schools. */
    private static final Set<String> SCHOOL_LESS_ROLES = Set.of("district_admin", "contact");

    /** Codec for the rare value that is not a string (a number or an object where text is expected). */
    private static final ObjectMapper TREES = new ObjectMapper();

    private CleverMapper() {
    }

    /** A Clever object that has no {@code id}: the page it came on is broken. */
    public static final class MissingIdException extends RuntimeException {
        MissingIdException() {
            super("Clever object without id");
        }
    }

    public static DistrictRecord district(JsonNode d) {
        return read(d, p -> district(p));
    }

    /** The district object the parser is at (its {@code START_OBJECT}); reads through its end. */
    public static DistrictRecord district(JsonParser p) throws IOException {
        String id = null;
        String name = null;
        String state = null;
        expectObject(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "name" -> name = text(p, value);
                case "state" -> state = text(p, value);
                default -> p.skipChildren();
            }
        }
        return new DistrictRecord(required(id), name == null ? "" : name, state);
    }

    /** Null when the school is not licensed for the district: its record is ignored. */
    public static SchoolRecord school(JsonNode s, String districtId, Set<String> licensedSchoolIds) {
        return read(s, p -> school(p, districtId, licensedSchoolIds));
    }

    /** As {@link #school(JsonNode, String, Set)}, from the school object the parser is at; reads through its end. */
    public static SchoolRecord school(JsonParser p, String districtId, Set<String> licensedSchoolIds) throws IOException {
        String id = null;
        String name = null;
        String sisId = null;
        String schoolNumber = null;
        String lowGrade = null;
        String highGrade = null;
        expectObject(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "name" -> name = text(p, value);
                case "sis_id" -> sisId = text(p, value);
                case "school_number" -> schoolNumber = text(p, value);
                case "low_grade" -> lowGrade = text(p, value);
                case "high_grade" -> highGrade = text(p, value);
                default -> p.skipChildren();
            }
        }
        if (!licensedSchoolIds.contains(required(id))) {
            return null;
        }
        return new SchoolRecord(id, districtId, name == null ? "" : name, sisId, schoolNumber, lowGrade, highGrade);
    }

    /** Null when the user has no role left in the licensed schools (or is only a contact and contacts are off). */
    public static UserRecord user(JsonNode u, String districtId, Set<String> licensedSchoolIds, boolean includeContacts) {
        return read(u, p -> user(p, districtId, licensedSchoolIds, includeContacts));
    }

    /** As {@link #user(JsonNode, String, Set, boolean)}, from the user object the parser is at; reads through its end. */
    public static UserRecord user(JsonParser p, String districtId, Set<String> licensedSchoolIds, boolean includeContacts)
            throws IOException {
        String id = null;
        String email = null;
        PersonName name = new PersonName(null, null, null);
        List<RoleRecord> kept = new ArrayList<>(2);
        TreeSet<String> userSchools = new TreeSet<>();
        expectObject(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "email" -> email = text(p, value);
                case "name" -> name = value == JsonToken.START_OBJECT ? name(p) : skip(p, name);
                case "roles" -> {
                    if (value == JsonToken.START_OBJECT) {
                        roles(p, licensedSchoolIds, includeContacts, kept, userSchools);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        required(id);
        if (kept.isEmpty()) {
            return null;
        }
        kept.sort((a, b) -> a.role().compareTo(b.role()));
        return new UserRecord(id, districtId, name, email, List.copyOf(userSchools), List.copyOf(kept));
    }

    private static PersonName name(JsonParser p) throws IOException {
        String first = null;
        String middle = null;
        String last = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "first" -> first = text(p, value);
                case "middle" -> middle = text(p, value);
                case "last" -> last = text(p, value);
                default -> p.skipChildren();
            }
        }
        return new PersonName(first, middle, last);
    }

    /** Each role Clever sent, kept when it has a licensed school (or needs none); a role named twice counts once, the last. */
    private static void roles(JsonParser p, Set<String> licensedSchoolIds, boolean includeContacts, List<RoleRecord> kept,
            TreeSet<String> userSchools) throws IOException {
        Map<String, RoleFields> byRole = new LinkedHashMap<>(4);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String role = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL || role.isEmpty() || ("contact".equals(role) && !includeContacts)) {
                p.skipChildren();
                byRole.remove(role);
                continue;
            }
            byRole.put(role, value == JsonToken.START_OBJECT ? roleFields(p) : skip(p, new RoleFields()));
        }
        byRole.forEach((role, fields) -> {
            TreeSet<String> licensed = new TreeSet<>();
            for (String school : fields.schools) {
                if (licensedSchoolIds.contains(school)) {
                    licensed.add(school);
                }
            }
            if (licensed.isEmpty() && !(fields.schools.isEmpty() && schoolLess(role, fields))) {
                return; // a school role with no licensed school left
            }
            String primary = fields.school;
            kept.add(new RoleRecord(role, primary != null && licensed.contains(primary) ? primary : null,
                    List.copyOf(licensed), fields.sisId, fields.attributes));
            userSchools.addAll(licensed);
        });
    }

    /** What the mapper keeps of one role's object. */
    private static final class RoleFields {
        final TreeSet<String> schools = new TreeSet<>();
        String school;
        boolean hasSchoolFields;
        String sisId;
        final SortedMap<String, String> attributes = new TreeMap<>();
    }

    private static RoleFields roleFields(JsonParser p) throws IOException {
        RoleFields fields = new RoleFields();
        String username = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "schools" -> {
                    fields.hasSchoolFields = true;
                    if (value == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
                                fields.schools.add(p.getText());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "school" -> {
                    fields.hasSchoolFields = true;
                    fields.school = text(p, value);
                }
                case "sis_id" -> fields.sisId = text(p, value);
                case "credentials" -> {
                    if (value == JsonToken.START_OBJECT) {
                        username = districtUsername(p);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> {
                    if (ROLE_ATTRIBUTES.contains(field)) {
                        fields.attributes.put(field, text(p, value));
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        if (fields.school != null && !fields.school.isEmpty()) {
            fields.schools.add(fields.school);
        }
        if (username != null) {
            fields.attributes.put("username", username);
        }
        return fields;
    }

    private static String districtUsername(JsonParser p) throws IOException {
        String username = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("district_username".equals(field)) {
                username = text(p, value);
            } else {
                p.skipChildren();
            }
        }
        return username;
    }

    private static boolean schoolLess(String role, RoleFields fields) {
        return SCHOOL_LESS_ROLES.contains(role) || !fields.hasSchoolFields;
    }

    /**
     * The value the parser is at as text: a string as it is, null as null, any other value as its JSON text (a
     * number as written by a tree, an object or array compactly) — rare, so it goes through a tree.
     */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonNode node = TREES.readTree(p);
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static <T> T skip(JsonParser p, T result) throws IOException {
        p.skipChildren();
        return result;
    }

    private static void expectObject(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object, found " + p.currentToken());
        }
    }

    private static String required(String id) {
        if (id == null) {
            throw new MissingIdException();
        }
        return id;
    }

    /** Reads a record from a parser of its own. */
    private interface Reader<R> {
        R read(JsonParser p) throws IOException;
    }

    private static <R> R read(JsonNode node, Reader<R> reader) {
        try (JsonParser p = node.traverse(TREES)) {
            p.nextToken();
            return reader.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
