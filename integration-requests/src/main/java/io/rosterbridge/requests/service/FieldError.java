package io.rosterbridge.requests.service;

/** One invalid field and what is wrong with it, for people. */
public record FieldError(String field, String message) {
}
