package io.rosterbridge.writer.change;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;

/**
 * Turns a roster.changes record into a {@link RosterMessage}: checks the JSON against the contract's JSON Schema
 * (docs/events/roster-changes.schema.json, compiled once; reasons worded by event-contracts), binds the same tree
 * to the shared record without reading the text again, then applies
 * the rules the schema cannot state ({@link RosterMessage#problem}: the key is the district, the record is the
 * change's entity of that district) and the one this writer adds: PostgreSQL text cannot hold NUL. Anything wrong is
 * an {@link InvalidRosterMessage} whose message is the dead-letter reason.
 */
@ApplicationScoped
public class RosterMessageParser {

    private static final String SCHEMA = "roster-changes";

    private final ObjectMapper json;
    private final ObjectReader messages;

    @Inject
    public RosterMessageParser(ObjectMapper json) {
        this.json = json;
        this.messages = json.readerFor(RosterMessage.class);
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
        String nul = pathOfNul(root);
        if (nul != null) {
            throw new InvalidRosterMessage(nul.substring(1) + " contains a NUL character");
        }
        RosterMessage message;
        try {
            message = messages.readValue(root);
        } catch (JsonProcessingException e) {
            throw new InvalidRosterMessage("does not bind to " + RosterMessage.class.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRosterMessage("does not bind to " + RosterMessage.class.getSimpleName() + ": " + e.getMessage());
        }
        String problem = message.problem(key);
        if (problem != null) {
            throw new InvalidRosterMessage(problem);
        }
        return message;
    }

    /**
     * The path of a text (or a field name) holding NUL, as {@code .record.name.first}, or null: PostgreSQL text cannot
     * hold NUL, so such a value could never be stored and is refused up front. Only the path found is built.
     */
    private static String pathOfNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0 ? "" : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String below = field.getKey().indexOf('\u0000') >= 0 ? "" : pathOfNul(field.getValue());
                if (below != null) {
                    return "." + field.getKey() + below;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String below = pathOfNul(node.get(i));
                if (below != null) {
                    return "[" + i + "]" + below;
                }
            }
        }
        return null;
    }
}
