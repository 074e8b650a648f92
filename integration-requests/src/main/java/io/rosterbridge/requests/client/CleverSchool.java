package io.rosterbridge.requests.client;

public record CleverSchool(String id, String name) {
}
