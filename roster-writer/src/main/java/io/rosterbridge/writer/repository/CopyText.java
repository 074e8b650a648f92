package io.rosterbridge.writer.repository;

import java.util.Collection;

/** Builds rows in PostgreSQL's COPY text format (tab-separated, backslash escapes, {@code \N} for null). */
final class CopyText {

    private final StringBuilder rows = new StringBuilder(64 * 1024);
    private boolean rowStarted;

    CopyText field(String value) {
        separate();
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
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
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
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

    private void separate() {
        if (rowStarted) {
            rows.append('\t');
        }
        rowStarted = true;
    }
}
