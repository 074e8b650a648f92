package io.rosterbridge.writer.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.rosterbridge.contracts.rosterchanges.ChangeType;

/**
 * What a write did to each row it touched, which is what the runs' counts count: a row that did not exist was
 * {@code created}, an active row archived was {@code removed}, an archived row reactivated was {@code restored}, and
 * any other row whose content changed was {@code updated}. A row the write left as it was is no change at all, whatever
 * the event called it (an archived user removed again, an identical user created again).
 * <p>
 * Each upsert compares the row before it ({@code b}, read in the statement's own snapshot) with the row it wrote
 * ({@code w}, from {@code RETURNING}); rows the upsert's guard skipped are not returned. The statement's snapshot is
 * the row the upsert replaces: a second writer of the same partition (a rebalance) waits on the first one's event
 * claims and so writes only after it committed.
 */
final class Effects {

    private Effects() {
    }

    /**
     * The effect of a written row {@code w} on the row {@code b} before it (null when there was none), as the
     * contract's change type; {@code contentChanged} a SQL condition on {@code b} and {@code w}; null when the row's
     * content stayed the same.
     */
    static String classify(String contentChanged) {
        return """
                CASE WHEN b.id IS NULL THEN 'created'
                     WHEN b.active AND NOT w.active THEN 'removed'
                     WHEN w.active AND NOT b.active THEN 'restored'
                     WHEN %s THEN 'updated' END""".formatted(contentChanged);
    }

    /** Runs a statement that selects (id, effect) and returns the rows it changed, by id. */
    static Map<String, ChangeType> read(PreparedStatement statement) throws SQLException {
        Map<String, ChangeType> effects = new HashMap<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String effect = rs.getString(2);
                if (effect != null) {
                    effects.put(rs.getString(1), ChangeType.fromWire(effect).orElseThrow());
                }
            }
        }
        return effects;
    }
}
