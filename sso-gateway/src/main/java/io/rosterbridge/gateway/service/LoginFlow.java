package io.rosterbridge.gateway.service;

import java.util.Arrays;
import java.util.Optional;

/** The {@code flow} values of login.audit: who started the login. */
public enum LoginFlow {
    /** Clever started it (Portal icon, Instant Login link): the callback came without {@code state}. */
    INSTANT_LOGIN("instant-login"),
    /** Our "Log in with Clever" button started it, with our own {@code state}. */
    LOG_IN_WITH_CLEVER("log-in-with-clever"),
    LOGOUT("logout");

    private final String wireName;

    LoginFlow(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<LoginFlow> fromWireName(String value) {
        return Arrays.stream(values()).filter(flow -> flow.wireName.equals(value)).findFirst();
    }
}
