package io.rosterbridge.requests.rest;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import io.rosterbridge.requests.service.FieldError;

/** A JSON body of the wrong shape as one field error: the field's path as the API names it, and what it must be. */
final class JsonFieldErrors {

    private JsonFieldErrors() {
    }

    static FieldError of(MismatchedInputException e) {
        String field = path(e.getPath());
        if (e instanceof PropertyBindingException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new FieldError(field, field + " is not a field of this request" + (known.isEmpty() ? "." : " (fields: " + known + ")."));
        }
        if (field.isEmpty()) {
            return new FieldError("body", "The body must be " + expected(e.getTargetType()) + ".");
        }
        return new FieldError(field, field + " must be " + expected(e.getTargetType()) + ".");
    }

    /** schools[0].name, as the validator names fields too. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text (a JSON string)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list (a JSON array)";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object (a JSON object)";
    }
}
