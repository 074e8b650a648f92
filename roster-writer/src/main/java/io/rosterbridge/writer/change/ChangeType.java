package io.rosterbridge.writer.change;

import java.util.Arrays;
import java.util.Optional;

public enum ChangeType {
    CREATED("created"), UPDATED("updated"), REMOVED("removed"), RESTORED("restored");

    private final String wire;

    ChangeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ChangeType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
