package io.rosterbridge.writer.change;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;

/**
 * Turns a roster.changes record into a {@link RosterMessage}: checks the JSON against the contract's JSON Schema
 * (docs/events/roster-changes.schema.json, compiled once), binds the same tree to the shared record, then applies
 * the rules the schema cannot state ({@link RosterMessage#problem}: the key is the district, the record is the
 * change's entity of that district) and the one this writer adds: PostgreSQL text cannot hold NUL. Anything wrong is
 * an {@link InvalidRosterMessage} whose message is the dead-letter reason.
 */
@ApplicationScoped
public class RosterMessageParser {

    private static final String SCHEMA = "roster-changes";

    private final ObjectMapper json;

    @Inject
    public RosterMessageParser(ObjectMapper json) {
        this.json = json;
        EventContracts.schema(SCHEMA); // compiled at startup, not by the first poll
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
        List<String> violations = EventContracts.violations(SCHEMA, root);
        if (!violations.isEmpty()) {
            throw new InvalidRosterMessage(String.join("; ", violations));
        }
        rejectNul(root, "");
        RosterMessage message;
        try {
            message = json.treeToValue(root, RosterMessage.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRosterMessage("does not bind to " + RosterMessage.class.getSimpleName() + ": " + e.getOriginalMessage());
        }
        String problem = message.problem(key);
        if (problem != null) {
            throw new InvalidRosterMessage(problem);
        }
        return message;
    }

    /** PostgreSQL text cannot hold NUL; such a value could never be stored, so it is refused up front. */
    private static void rejectNul(JsonNode node, String path) throws InvalidRosterMessage {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\u0000') >= 0) {
                throw new InvalidRosterMessage(path + " contains a NUL character");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path + "/" + field.getKey();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    throw new InvalidRosterMessage(fieldPath + " contains a NUL character");
                }
                rejectNul(field.getValue(), fieldPath);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNul(node.get(i), path + "/" + i);
            }
        }
    }
}
