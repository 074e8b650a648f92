package io.rosterbridge.contracts;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;

/**
 * A schema violation in words for the people who read dead letters, by the JSON Schema keyword that failed, naming
 * the field as a dotted path ({@code record.roles[0].role}) and the value found: {@code unsupported schemaVersion 2},
 * {@code entityId 'ABC' is not a Clever id (24 lowercase hex characters)}. A keyword without wording of its own keeps
 * the validator's message.
 */
final class Reasons {

    private static final String CLEVER_ID_PATTERN = "^[0-9a-f]{24}$";

    private Reasons() {
    }

    static String of(ValidationMessage violation) {
        String field = dotted(violation.getInstanceLocation());
        JsonNode value = violation.getInstanceNode();
        JsonNode keyword = violation.getSchemaNode();
        return switch (violation.getType()) {
            case "required" -> join(field, violation.getProperty()) + " is missing";
            case "additionalProperties" -> "unexpected field " + join(field, violation.getProperty());
            case "const" -> "unsupported " + field + " " + quoted(value) + " (the contract says " + keyword + ")";
            case "enum" -> "unknown " + field + " " + quoted(value);
            case "pattern" -> CLEVER_ID_PATTERN.equals(keyword.asText())
                    ? field + " " + quoted(value) + " is not a Clever id (24 lowercase hex characters)"
                    : field + " " + quoted(value) + " does not match " + keyword.asText();
            case "format" -> field + " " + quoted(value) + (keyword.asText().equals("date-time") ? " is not an RFC 3339 date-time"
                    : keyword.asText().equals("uuid") ? " is not a UUID" : " is not a " + keyword.asText());
            case "type" -> field + " must be " + (keyword.isTextual() ? keyword.textValue() : keyword) + ", not "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT);
            case "minItems" -> keyword.asInt() == 1 ? field + " must be a non-empty array"
                    : field + " must have at least " + keyword.asInt() + " items";
            case "minLength" -> keyword.asInt() == 1 ? field + " must not be empty"
                    : field + " must be at least " + keyword.asInt() + " characters long";
            case "minimum" -> field + " must be at least " + keyword + ", not " + value;
            case "uniqueItems" -> field + " lists " + firstRepeated(value) + " twice";
            default -> violation.getMessage();
        };
    }

    /** {@code /record/roles/0/role} → {@code record.roles[0].role}; the whole message is {@code message}. */
    private static String dotted(JsonNodePath path) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(element);
            }
        }
        return text.isEmpty() ? "message" : text.toString();
    }

    private static String join(String field, String property) {
        return field.equals("message") ? property : field + "." + property;
    }

    private static String quoted(JsonNode value) {
        return value != null && value.isTextual() ? "'" + value.textValue() + "'" : String.valueOf(value);
    }

    private static String firstRepeated(JsonNode array) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : array) {
            if (!seen.add(item)) {
                return item.isTextual() ? item.textValue() : item.toString();
            }
        }
        return "an item";
    }
}
