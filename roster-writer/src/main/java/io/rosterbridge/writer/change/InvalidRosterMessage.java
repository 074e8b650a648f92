package io.rosterbridge.writer.change;

/** A roster.changes message that breaks the contract; its message is the dead-letter reason. */
public class InvalidRosterMessage extends Exception {

    public InvalidRosterMessage(String reason) {
        super(reason, null, false, false);
    }
}
