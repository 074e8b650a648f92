package io.rosterbridge.writer.repository;

/**
 * A person search the way the database answers it, each kind through its own index (V5): names and email by
 * case-insensitive prefix, a Clever id or a SIS id exactly. {@code district} null means every district.
 */
public record PersonSearch(Kind kind, String term, String secondTerm, String district, int limit, int offset) {

    public enum Kind {
        /** The user's Clever id. */
        CLEVER_ID,
        /** A prefix of the email address. */
        EMAIL,
        /** One word: a prefix of the first or last name, or a SIS id exactly. */
        NAME_OR_SIS_ID,
        /** Two words: prefixes of first and last name, in either order. */
        FULL_NAME
    }
}
