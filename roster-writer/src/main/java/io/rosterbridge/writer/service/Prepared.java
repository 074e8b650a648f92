package io.rosterbridge.writer.service;

import java.util.List;

import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.writer.repository.UserRow;

/**
 * A validated message with the work its write needs done ahead: a user change comes with its table row rendered, so
 * that the consumer can render on the parsing thread and the transaction only ships the row.
 */
public record Prepared(RosterMessage message, UserRow userRow) {

    /**
     * Not a message: where one connection would have cut the poll into parts ({@link RosterApplier#PART}), handed to
     * every lane ({@link ApplyLanes}) so that the lanes write and count the same parts.
     */
    static final Prepared PART_END = new Prepared(null, null);

    public static Prepared of(RosterMessage message) {
        return new Prepared(message, message instanceof RosterChange change && change.entityType() == EntityType.USER
                ? UserRow.of(change) : null);
    }

    public static List<Prepared> all(List<? extends RosterMessage> messages) {
        return messages.stream().map(Prepared::of).toList();
    }
}
