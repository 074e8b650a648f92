package io.rosterbridge.writer.repository;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.rosterbridge.contracts.rosterchanges.EntityRecord;

/** Builds rows in PostgreSQL's COPY text format (tab-separated, backslash escapes, {@code \N} for null). */
final class CopyText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder rows;
    private boolean rowStarted;

    /** Runs {@code copySql} ({@code COPY … FROM STDIN}) with these rows; a failed {@code COPY} is ended, not left open. */
    static void copyIn(Connection connection, String copySql, CharSequence rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    CopyText(int capacity) {
        rows = new StringBuilder(capacity);
    }

    CopyText field(String value) {
        separate();
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        int first = firstSpecial(value, false);
        if (first < 0) {
            rows.append(value);
            return this;
        }
        rows.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        return this;
    }

    CopyText field(boolean value) {
        separate();
        rows.append(value ? 't' : 'f');
        return this;
    }

    /** A {@code bytea} value in hex form (its backslash escaped for COPY). */
    CopyText bytes(byte[] value) {
        separate();
        rows.append("\\\\x");
        for (byte b : value) {
            rows.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return this;
    }

    /** A number or a UUID: text that needs no escaping. */
    CopyText plain(Object value) {
        separate();
        rows.append(value);
        return this;
    }

    /** A {@code text[]} value; every element is quoted, so any string survives. */
    CopyText textArray(Collection<String> values) {
        StringBuilder literal = new StringBuilder(values.size() * 28 + 2).append('{');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                literal.append(',');
            }
            first = false;
            literal.append('"');
            if (firstSpecial(value, true) < 0) {
                literal.append(value);
            } else {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '"' || c == '\\') {
                        literal.append('\\');
                    }
                    literal.append(c);
                }
            }
            literal.append('"');
        }
        return field(literal.append('}').toString());
    }

    CopyText endRow() {
        rows.append('\n');
        rowStarted = false;
        return this;
    }

    String text() {
        return rows.toString();
    }

    /**
     * The stored form of a user's roles: the contract's role objects with every field present, in record order.
     * Written by hand: this runs for every user of every batch, and a generic serialiser was a measurable share of it.
     */
    static String rolesJson(List<EntityRecord.Role> roles) {
        StringBuilder json = new StringBuilder(roles.size() * 160).append('[');
        for (int r = 0; r < roles.size(); r++) {
            EntityRecord.Role role = roles.get(r);
            json.append(r == 0 ? "{\"role\":" : ",{\"role\":");
            jsonString(json, role.role());
            json.append(",\"schoolIds\":[");
            for (int i = 0; i < role.schoolIds().size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                jsonString(json, role.schoolIds().get(i));
            }
            json.append("],\"primarySchoolId\":");
            jsonString(json, role.primarySchoolId());
            json.append(",\"sisId\":");
            jsonString(json, role.sisId());
            json.append(",\"attributes\":{");
            boolean first = true;
            for (Map.Entry<String, String> attribute : role.attributes().entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                jsonString(json, attribute.getKey());
                json.append(':');
                jsonString(json, attribute.getValue());
            }
            json.append("}}");
        }
        return json.append(']').toString();
    }

    /** A JSON string literal (or null): quote, backslash and control characters escaped, as RFC 8259 requires. */
    private static void jsonString(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        if (!needsJsonEscape(value)) {
            json.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * Where the first character that may need escaping occurs, or -1: most values need none. In a COPY field that is
     * a control character up to CR or a backslash; inside an array literal ({@code quoted}) a quote or a backslash.
     */
    private static int firstSpecial(String value, boolean quoted) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || (quoted ? c == '"' : c <= '\r')) {
                return i;
            }
        }
        return -1;
    }

    private static boolean needsJsonEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private void separate() {
        if (rowStarted) {
            rows.append('\t');
        }
        rowStarted = true;
    }
}
