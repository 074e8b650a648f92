package io.rosterbridge.requests.client;

public record CleverDistrict(String id, String name) {
}
