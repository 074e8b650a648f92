package io.rosterbridge.writer.support;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.contracts.EventContracts;

/** Builds roster.changes payloads the way sync-fetcher sends them; every payload is checked against the contract. */
public final class RosterEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RosterEvents() {
    }

    public static String newId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static ObjectNode role(String role, List<String> schoolIds) {
        ObjectNode node = JSON.createObjectNode().put("role", role);
        ArrayNode schools = node.putArray("schoolIds");
        schoolIds.forEach(schools::add);
        node.put("primarySchoolId", schoolIds.isEmpty() ? null : schoolIds.get(0));
        node.put("sisId", "sis-" + role);
        node.putObject("attributes").put("grade", role.equals("student") ? "5" : null);
        return node;
    }

    public static ObjectNode user(String districtId, String userId, String first, String last, ObjectNode... roles) {
        ObjectNode node = JSON.createObjectNode().put("kind", "user").put("id", userId).put("districtId", districtId);
        node.putObject("name").put("first", first).putNull("middle").put("last", last);
        node.put("email", first.toLowerCase() + "@example.org");
        ArrayNode schools = node.putArray("schoolIds");
        Set<String> all = new LinkedHashSet<>();
        for (ObjectNode role : roles) {
            role.get("schoolIds").forEach(s -> all.add(s.asText()));
        }
        all.forEach(schools::add);
        ArrayNode roleArray = node.putArray("roles");
        for (ObjectNode role : roles) {
            roleArray.add(role);
        }
        return node;
    }

    public static ObjectNode school(String districtId, String schoolId, String name) {
        return JSON.createObjectNode().put("kind", "school").put("id", schoolId).put("districtId", districtId)
                .put("name", name).put("sisId", "s-" + name).put("schoolNumber", "42").put("lowGrade", "1").put("highGrade", "5");
    }

    public static ObjectNode district(String districtId, String name) {
        return JSON.createObjectNode().put("kind", "district").put("id", districtId).put("name", name).put("state", "success");
    }

    public static String change(UUID runId, String changeType, ObjectNode record, Instant occurredAt) {
        return change(UUID.randomUUID(), runId, changeType, record, occurredAt);
    }

    public static String change(UUID eventId, UUID runId, String changeType, ObjectNode record, Instant occurredAt) {
        String districtId = record.get("kind").asText().equals("district") ? record.get("id").asText() : record.get("districtId").asText();
        ObjectNode node = JSON.createObjectNode().put("schemaVersion", 1).put("type", "roster.change")
                .put("eventId", eventId.toString()).put("runId", runId.toString()).put("districtId", districtId)
                .put("changeType", changeType).put("entityType", record.get("kind").asText())
                .put("entityId", record.get("id").asText()).put("occurredAt", occurredAt.toString());
        node.set("record", record);
        return conforming(node);
    }

    public static String runCompleted(UUID runId, String districtId, int created, int updated, int removed, int restored) {
        ObjectNode node = JSON.createObjectNode().put("schemaVersion", 1).put("type", "roster.run-completed")
                .put("eventId", UUID.randomUUID().toString()).put("runId", runId.toString()).put("districtId", districtId)
                .put("occurredAt", Instant.now().toString()).put("fullSnapshot", true);
        node.putObject("counts").put("created", created).put("updated", updated).put("removed", removed).put("restored", restored);
        return conforming(node);
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String conforming(ObjectNode node) {
        String json = node.toString();
        EventContracts.assertConforms("roster-changes", json);
        return json;
    }
}
