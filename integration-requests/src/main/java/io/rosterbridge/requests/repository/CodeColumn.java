package io.rosterbridge.requests.repository;

import java.util.function.Function;

import jakarta.persistence.AttributeConverter;

/**
 * Stores an enum as its code (the lower-case value on the wire and in the existing rows), so the entities hold enums
 * while the columns keep the values they always had.
 */
public abstract class CodeColumn<E extends Enum<E>> implements AttributeConverter<E, String> {

    private final Function<E, String> code;
    private final Function<String, E> fromCode;

    CodeColumn(Function<E, String> code, Function<String, E> fromCode) {
        this.code = code;
        this.fromCode = fromCode;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : code.apply(value);
    }

    @Override
    public E convertToEntityAttribute(String column) {
        return column == null ? null : fromCode.apply(column);
    }

    /** integration_request.state, state_before_pause; audit_entry.state, previous_state. */
    public static class IntegrationStateColumn extends CodeColumn<IntegrationState> {
        public IntegrationStateColumn() {
            super(IntegrationState::code, IntegrationState::fromCode);
        }
    }

    /** sync_run.status. */
    public static class RunStatusColumn extends CodeColumn<RunStatus> {
        public RunStatusColumn() {
            super(RunStatus::code, RunStatus::fromCode);
        }
    }

    /** sync_run.decision. */
    public static class RunDecisionColumn extends CodeColumn<RunDecision> {
        public RunDecisionColumn() {
            super(RunDecision::code, RunDecision::fromCode);
        }
    }
}
