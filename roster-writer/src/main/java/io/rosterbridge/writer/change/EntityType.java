package io.rosterbridge.writer.change;

import java.util.Arrays;
import java.util.Optional;

public enum EntityType {
    DISTRICT("district"), SCHOOL("school"), USER("user");

    private final String wire;

    EntityType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EntityType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
