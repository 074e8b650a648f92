package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The read side of the school table. */
@ApplicationScoped
public class SchoolReader {

    private static final String OF_DISTRICT = """
            SELECT id, district_id, name, sis_id, school_number, active
            FROM school WHERE district_id = ? ORDER BY id""";

    @Inject
    DataSource dataSource;

    /** Every school of the district, active and archived, in id order. */
    public List<School> ofDistrict(String districtId) throws SQLException {
        List<School> schools = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(OF_DISTRICT)) {
            statement.setString(1, districtId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    schools.add(new School(rs.getString("id"), rs.getString("district_id"), rs.getString("name"),
                            rs.getString("sis_id"), rs.getString("school_number"), rs.getBoolean("active")));
                }
            }
        }
        return schools;
    }
}
