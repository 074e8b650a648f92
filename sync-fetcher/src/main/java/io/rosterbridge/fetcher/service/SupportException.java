package io.rosterbridge.fetcher.service;

/** A support command that cannot be carried out; {@link Kind} says why. */
public class SupportException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT }

    private final Kind kind;

    public SupportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
