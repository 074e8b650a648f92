package io.rosterbridge.gateway.service;

import java.util.regex.Pattern;

/** Clever object ids: 24 lowercase hex characters. */
public final class CleverIds {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");

    private CleverIds() {
    }

    public static boolean isValid(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
