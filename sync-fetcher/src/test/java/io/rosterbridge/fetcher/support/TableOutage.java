package io.rosterbridge.fetcher.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** A database outage limited to one table: renamed away while open, back on close. */
public final class TableOutage implements AutoCloseable {

    private final DataSource dataSource;
    private final String table;

    private TableOutage(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    public static TableOutage of(DataSource dataSource, String table) throws SQLException {
        TableOutage outage = new TableOutage(dataSource, table);
        outage.execute("ALTER TABLE " + table + " RENAME TO " + table + "_unavailable");
        return outage;
    }

    @Override
    public void close() throws SQLException {
        execute("ALTER TABLE " + table + "_unavailable RENAME TO " + table);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
