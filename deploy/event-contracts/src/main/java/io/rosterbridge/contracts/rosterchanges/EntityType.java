package io.rosterbridge.contracts.rosterchanges;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** A roster.change's {@code entityType}, which is also its record's {@code kind}. */
public enum EntityType {
    DISTRICT("district"), SCHOOL("school"), USER("user");

    private static final EntityType[] VALUES = values();

    private final String wire;

    EntityType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<EntityType> fromWire(String value) {
        for (var type : VALUES) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
