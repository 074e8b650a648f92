package io.rosterbridge.writer.change;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a roster.changes record into a {@link RosterMessage}, enforcing the contract
 * (docs/events/roster-changes.schema.json) in code: schema version, message type, required and unexpected
 * fields, Clever ids, UUIDs, timestamps, enums. It also checks what the schema cannot express: the record
 * matches the change's entity and district, and the Kafka key is the district (the partition that orders it).
 * Anything else is rejected with a reason that ends up on the dead-letter topic.
 */
@ApplicationScoped
public class RosterMessageParser {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE_CHANGE = "roster.change";
    public static final String TYPE_RUN_COMPLETED = "roster.run-completed";

    private static final Set<String> CHANGE_FIELDS = Set.of("schemaVersion", "type", "eventId", "runId", "districtId",
            "changeType", "entityType", "entityId", "occurredAt", "record");
    private static final Set<String> RUN_COMPLETED_FIELDS = Set.of("schemaVersion", "type", "eventId", "runId",
            "districtId", "occurredAt", "counts", "fullSnapshot");
    private static final Set<String> COUNTS_FIELDS = Set.of("created", "updated", "removed", "restored");
    private static final Set<String> DISTRICT_FIELDS = Set.of("kind", "id", "name", "state");
    private static final Set<String> SCHOOL_FIELDS = Set.of("kind", "id", "districtId", "name", "sisId", "schoolNumber",
            "lowGrade", "highGrade");
    private static final Set<String> USER_FIELDS = Set.of("kind", "id", "districtId", "name", "email", "roles", "schoolIds");
    private static final Set<String> NAME_FIELDS = Set.of("first", "middle", "last");
    private static final Set<String> ROLE_FIELDS = Set.of("role", "primarySchoolId", "schoolIds", "sisId", "attributes");

    private final ObjectMapper json;

    @Inject
    public RosterMessageParser(ObjectMapper json) {
        this.json = json;
    }

    public RosterMessage parse(String key, String value) throws InvalidRosterMessage {
        if (value == null || value.isBlank()) {
            throw new InvalidRosterMessage("empty message");
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRosterMessage("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRosterMessage("not a JSON object");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null) {
            throw new InvalidRosterMessage("schemaVersion is missing");
        }
        if (!version.isIntegralNumber() || version.asLong() != SCHEMA_VERSION) {
            throw new InvalidRosterMessage("unsupported schemaVersion " + version + " (this writer reads " + SCHEMA_VERSION + ")");
        }
        String type = requiredString(root, "type", "");
        RosterMessage message = switch (type) {
            case TYPE_CHANGE -> change(root);
            case TYPE_RUN_COMPLETED -> runCompleted(root);
            default -> throw new InvalidRosterMessage("unknown type '" + type + "'");
        };
        if (!message.districtId().equals(key)) {
            throw new InvalidRosterMessage("record key '" + key + "' is not the districtId " + message.districtId());
        }
        return message;
    }

    private RosterChange change(JsonNode root) throws InvalidRosterMessage {
        onlyFields(root, CHANGE_FIELDS, "");
        UUID eventId = uuid(root, "eventId");
        UUID runId = uuid(root, "runId");
        String districtId = cleverId(root, "districtId", "");
        String changeText = requiredString(root, "changeType", "");
        ChangeType changeType = ChangeType.fromWire(changeText)
                .orElseThrow(() -> new InvalidRosterMessage("unknown changeType '" + changeText + "'"));
        String entityText = requiredString(root, "entityType", "");
        EntityType entityType = EntityType.fromWire(entityText)
                .orElseThrow(() -> new InvalidRosterMessage("unknown entityType '" + entityText + "'"));
        String entityId = cleverId(root, "entityId", "");
        Instant occurredAt = timestamp(root, "occurredAt");
        JsonNode record = root.get("record");
        if (record == null || !record.isObject()) {
            throw new InvalidRosterMessage("record must be an object");
        }
        String kind = requiredString(record, "kind", "record.");
        if (!kind.equals(entityType.wire())) {
            throw new InvalidRosterMessage("record.kind '" + kind + "' does not match entityType " + entityType.wire());
        }
        EntityRecord entity = switch (entityType) {
            case DISTRICT -> district(record);
            case SCHOOL -> school(record);
            case USER -> user(record);
        };
        if (!entity.id().equals(entityId)) {
            throw new InvalidRosterMessage("record.id " + entity.id() + " is not the entityId " + entityId);
        }
        String recordDistrict = entity.districtId();
        if (!recordDistrict.equals(districtId)) {
            throw new InvalidRosterMessage("record belongs to district " + recordDistrict + ", not " + districtId);
        }
        return new RosterChange(eventId, runId, districtId, changeType, entityType, entityId, occurredAt, entity);
    }

    private RunCompleted runCompleted(JsonNode root) throws InvalidRosterMessage {
        onlyFields(root, RUN_COMPLETED_FIELDS, "");
        UUID eventId = uuid(root, "eventId");
        UUID runId = uuid(root, "runId");
        String districtId = cleverId(root, "districtId", "");
        Instant occurredAt = timestamp(root, "occurredAt");
        JsonNode fullSnapshot = root.get("fullSnapshot");
        if (fullSnapshot == null || !fullSnapshot.isBoolean()) {
            throw new InvalidRosterMessage("fullSnapshot must be a boolean");
        }
        JsonNode counts = root.get("counts");
        if (counts == null || !counts.isObject()) {
            throw new InvalidRosterMessage("counts must be an object");
        }
        onlyFields(counts, COUNTS_FIELDS, "counts.");
        ChangeCounts parsed = new ChangeCounts(count(counts, "created"), count(counts, "updated"),
                count(counts, "removed"), count(counts, "restored"));
        return new RunCompleted(eventId, runId, districtId, occurredAt, fullSnapshot.booleanValue(), parsed);
    }

    private EntityRecord.District district(JsonNode record) throws InvalidRosterMessage {
        onlyFields(record, DISTRICT_FIELDS, "record.");
        return new EntityRecord.District(cleverId(record, "id", "record."), requiredString(record, "name", "record."),
                nullableString(record, "state", "record."));
    }

    private EntityRecord.School school(JsonNode record) throws InvalidRosterMessage {
        onlyFields(record, SCHOOL_FIELDS, "record.");
        return new EntityRecord.School(cleverId(record, "id", "record."), cleverId(record, "districtId", "record."),
                requiredString(record, "name", "record."), nullableString(record, "sisId", "record."),
                nullableString(record, "schoolNumber", "record."), nullableString(record, "lowGrade", "record."),
                nullableString(record, "highGrade", "record."));
    }

    private EntityRecord.User user(JsonNode record) throws InvalidRosterMessage {
        onlyFields(record, USER_FIELDS, "record.");
        String id = cleverId(record, "id", "record.");
        String districtId = cleverId(record, "districtId", "record.");
        JsonNode name = record.get("name");
        if (name == null || !name.isObject()) {
            throw new InvalidRosterMessage("record.name must be an object");
        }
        onlyFields(name, NAME_FIELDS, "record.name.");
        if (!record.has("email")) {
            throw new InvalidRosterMessage("record.email is missing");
        }
        String email = nullableString(record, "email", "record.");
        List<String> schoolIds = cleverIds(record.get("schoolIds"), "record.schoolIds");
        JsonNode roles = record.get("roles");
        if (roles == null || !roles.isArray() || roles.isEmpty()) {
            throw new InvalidRosterMessage("record.roles must be a non-empty array");
        }
        List<EntityRecord.Role> parsedRoles = new ArrayList<>(roles.size());
        Set<String> roleNames = new HashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            EntityRecord.Role role = role(roles.get(i), "record.roles[" + i + "].");
            if (!roleNames.add(role.role())) {
                throw new InvalidRosterMessage("record.roles lists role '" + role.role() + "' twice");
            }
            parsedRoles.add(role);
        }
        return new EntityRecord.User(id, districtId, nullableString(name, "first", "record.name."),
                nullableString(name, "middle", "record.name."), nullableString(name, "last", "record.name."), email,
                schoolIds, List.copyOf(parsedRoles));
    }

    private EntityRecord.Role role(JsonNode role, String path) throws InvalidRosterMessage {
        if (role == null || !role.isObject()) {
            throw new InvalidRosterMessage(path + " must be an object");
        }
        onlyFields(role, ROLE_FIELDS, path);
        String name = requiredString(role, "role", path);
        if (name.isEmpty()) {
            throw new InvalidRosterMessage(path + "role must not be empty");
        }
        List<String> schoolIds = cleverIds(role.get("schoolIds"), path + "schoolIds");
        String primarySchoolId = null;
        JsonNode primary = role.get("primarySchoolId");
        if (primary != null && !primary.isNull()) {
            primarySchoolId = cleverId(role, "primarySchoolId", path);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attributesNode = role.get("attributes");
        if (attributesNode != null) {
            if (!attributesNode.isObject()) {
                throw new InvalidRosterMessage(path + "attributes must be an object");
            }
            for (Iterator<String> names = attributesNode.fieldNames(); names.hasNext();) {
                String attribute = names.next();
                attributes.put(checkText(attribute, path + "attributes"), nullableString(attributesNode, attribute, path + "attributes."));
            }
        }
        return new EntityRecord.Role(name, schoolIds, primarySchoolId, nullableString(role, "sisId", path),
                Collections.unmodifiableMap(attributes));
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String path) throws InvalidRosterMessage {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidRosterMessage("unexpected field " + path + name);
            }
        }
    }

    private static String requiredString(JsonNode node, String field, String path) throws InvalidRosterMessage {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRosterMessage(path + field + " is missing");
        }
        if (!value.isTextual()) {
            throw new InvalidRosterMessage(path + field + " must be a string");
        }
        return checkText(value.textValue(), path + field);
    }

    private static String nullableString(JsonNode node, String field, String path) throws InvalidRosterMessage {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRosterMessage(path + field + " must be a string or null");
        }
        return checkText(value.textValue(), path + field);
    }

    /** PostgreSQL text cannot hold NUL; such a value could never be stored, so it is rejected up front. */
    private static String checkText(String text, String path) throws InvalidRosterMessage {
        if (text.indexOf('\u0000') >= 0) {
            throw new InvalidRosterMessage(path + " contains a NUL character");
        }
        return text;
    }

    private static String cleverId(JsonNode node, String field, String path) throws InvalidRosterMessage {
        String value = requiredString(node, field, path);
        if (!isCleverId(value)) {
            throw new InvalidRosterMessage(path + field + " '" + value + "' is not a Clever id (24 lowercase hex characters)");
        }
        return value;
    }

    private static List<String> cleverIds(JsonNode array, String path) throws InvalidRosterMessage {
        if (array == null || !array.isArray()) {
            throw new InvalidRosterMessage(path + " must be an array");
        }
        List<String> ids = new ArrayList<>(array.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode item : array) {
            if (!item.isTextual() || !isCleverId(item.textValue())) {
                throw new InvalidRosterMessage(path + " holds " + item + ", not a Clever id");
            }
            if (!seen.add(item.textValue())) {
                throw new InvalidRosterMessage(path + " lists " + item.textValue() + " twice");
            }
            ids.add(item.textValue());
        }
        return List.copyOf(ids);
    }

    /** 24 lowercase hex characters; a loop, since every message holds several ids. */
    static boolean isCleverId(String value) {
        if (value.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static UUID uuid(JsonNode node, String field) throws InvalidRosterMessage {
        String value = requiredString(node, field, "");
        if (value.length() != 36) {
            throw new InvalidRosterMessage(field + " '" + value + "' is not a UUID");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRosterMessage(field + " '" + value + "' is not a UUID");
        }
    }

    private static Instant timestamp(JsonNode node, String field) throws InvalidRosterMessage {
        String value = requiredString(node, field, "");
        // RFC 3339 years have four digits; java.time would also take "+300000-…", which PostgreSQL cannot store.
        if (value.length() < 5 || !Character.isDigit(value.charAt(0)) || value.charAt(4) != '-') {
            throw new InvalidRosterMessage(field + " '" + value + "' is not an RFC 3339 date-time");
        }
        Instant utc = utcFastPath(value);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRosterMessage(field + " '" + value + "' is not an RFC 3339 date-time");
        }
    }

    /**
     * The shape every producer sends, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, without the general ISO parser (a measurable
     * share of validating a message). Null for anything else, and for any out-of-range field, so that the general
     * parser decides, with its own acceptance and its own error.
     */
    static Instant utcFastPath(String value) {
        int n = value.length();
        if (n < 20 || value.charAt(n - 1) != 'Z' || value.charAt(4) != '-' || value.charAt(7) != '-'
                || value.charAt(10) != 'T' || value.charAt(13) != ':' || value.charAt(16) != ':') {
            return null;
        }
        int year = digits(value, 0, 4), month = digits(value, 5, 7), day = digits(value, 8, 10);
        int hour = digits(value, 11, 13), minute = digits(value, 14, 16), second = digits(value, 17, 19);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (value.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = digits(value, 20, n - 1);
            for (int i = fraction; i < 9 && nano >= 0; i++) {
                nano *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nano < 0 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
    }

    /** The decimal number in {@code value[from, to)}, or -1 if any character is not an ASCII digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static int count(JsonNode counts, String field) throws InvalidRosterMessage {
        JsonNode value = counts.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw new InvalidRosterMessage("counts." + field + " must be a non-negative integer");
        }
        return value.intValue();
    }
}
