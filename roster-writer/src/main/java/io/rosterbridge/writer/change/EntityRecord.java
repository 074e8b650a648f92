package io.rosterbridge.writer.change;

import java.util.List;
import java.util.Map;

/** The {@code record} of a change: a district, a school or a user, as the contract defines them. */
public sealed interface EntityRecord {

    String id();

    /** The district the entity belongs to (a district belongs to itself). */
    String districtId();

    record District(String id, String name, String state) implements EntityRecord {

        @Override
        public String districtId() {
            return id;
        }
    }

    record School(String id, String districtId, String name, String sisId, String schoolNumber, String lowGrade,
            String highGrade) implements EntityRecord {
    }

    record User(String id, String districtId, String firstName, String middleName, String lastName, String email,
            List<String> schoolIds, List<Role> roles) implements EntityRecord {
    }

    /** One role of a user; a multi-role user has several, each with its own schools and attributes. */
    record Role(String role, List<String> schoolIds, String primarySchoolId, String sisId, Map<String, String> attributes) {
    }
}
