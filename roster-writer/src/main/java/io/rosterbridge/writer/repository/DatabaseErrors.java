package io.rosterbridge.writer.repository;

import java.sql.SQLException;

import org.postgresql.util.PSQLState;

/** What a failed write says about its cause, read from the SQLSTATEs in its chain. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * Whether the database refused the data itself (SQLSTATE class 22, data exception, or 23, integrity constraint
     * violation), so that the same write would fail again. A unique violation (23505) is not the data's fault: another
     * writer inserted the same key meanwhile (a rebalance), and a retry sees its rows.
     */
    public static boolean refusesData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals(PSQLState.UNIQUE_VIOLATION.getState())) {
                    return false;
                }
                if (state.startsWith("22") || state.startsWith("23")) {
                    return true;
                }
            }
        }
        return false;
    }
}
