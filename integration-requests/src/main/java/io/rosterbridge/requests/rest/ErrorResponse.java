package io.rosterbridge.requests.rest;

import java.util.List;

import io.rosterbridge.requests.service.FieldError;

/** Every error of the JSON API: a message for people, and the invalid fields when there are any. */
public record ErrorResponse(String message, List<FieldError> errors) {

    public static ErrorResponse of(String message) {
        return new ErrorResponse(message, List.of());
    }
}
