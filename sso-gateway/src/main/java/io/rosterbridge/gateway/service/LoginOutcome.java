package io.rosterbridge.gateway.service;

/** The {@code outcome} values of login.audit. */
public enum LoginOutcome {
    SUCCESS("success"),
    UNKNOWN_USER("unknown-user"),
    ARCHIVED_USER("archived-user"),
    DISTRICT_NOT_LINKED("district-not-linked"),
    DISTRICT_INACTIVE("district-inactive"),
    PROVIDER_ERROR("provider-error"),
    LOGOUT("logout");

    private final String wireName;

    LoginOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
