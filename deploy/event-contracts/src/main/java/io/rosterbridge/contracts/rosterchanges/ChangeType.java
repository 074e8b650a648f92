package io.rosterbridge.contracts.rosterchanges;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** A roster.change's {@code changeType}. */
public enum ChangeType {
    CREATED("created"), UPDATED("updated"), REMOVED("removed"), RESTORED("restored");

    private static final ChangeType[] VALUES = values();

    private final String wire;

    ChangeType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<ChangeType> fromWire(String value) {
        for (var type : VALUES) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
