package io.rosterbridge.requests.sharing;

import java.text.Normalizer;
import java.util.Locale;

/** Matches a school name typed by a requester to a school name in Clever, loosely. */
public final class SchoolMatcher {

    private SchoolMatcher() {
    }

    /** Lower case, accents and punctuation dropped, single spaces: "St. Mary's  High" → "st mary s high". */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    /** The same school when the ids are equal, or the normalised names are equal or one contains the other. */
    public static boolean matches(String requestedName, String requestedId, String cleverName, String cleverId) {
        if (requestedId != null && !requestedId.isBlank()) {
            return requestedId.equals(cleverId);
        }
        String requested = normalise(requestedName);
        String clever = normalise(cleverName);
        if (requested.isEmpty() || clever.isEmpty()) {
            return false;
        }
        return requested.equals(clever) || containsWords(clever, requested) || containsWords(requested, clever);
    }

    private static boolean containsWords(String haystack, String needle) {
        return (" " + haystack + " ").contains(" " + needle + " ");
    }
}
