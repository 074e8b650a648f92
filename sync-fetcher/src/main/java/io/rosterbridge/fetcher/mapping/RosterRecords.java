package io.rosterbridge.fetcher.mapping;

import java.util.List;
import java.util.SortedMap;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The normalised records carried in roster.changes {@code record} (docs/events/roster-changes.schema.json).
 * Component order, sorted ids and sorted attribute maps make the JSON deterministic, so equal content
 * always has an equal fingerprint.
 */
public final class RosterRecords {

    private RosterRecords() {
    }

    /** Anything the fetcher emits: a district, school or user. */
    public sealed interface RosterRecord permits DistrictRecord, SchoolRecord, UserRecord {
        String id();

        String kind();
    }

    @JsonPropertyOrder({"kind", "id", "name", "state"})
    public record DistrictRecord(String kind, String id, String name, String state) implements RosterRecord {
        public DistrictRecord(String id, String name, String state) {
            this("district", id, name, state);
        }
    }

    @JsonPropertyOrder({"kind", "id", "districtId", "name", "sisId", "schoolNumber", "lowGrade", "highGrade"})
    public record SchoolRecord(String kind, String id, String districtId, String name, String sisId, String schoolNumber,
            String lowGrade, String highGrade) implements RosterRecord {
        public SchoolRecord(String id, String districtId, String name, String sisId, String schoolNumber, String lowGrade,
                String highGrade) {
            this("school", id, districtId, name, sisId, schoolNumber, lowGrade, highGrade);
        }
    }

    @JsonPropertyOrder({"kind", "id", "districtId", "name", "email", "schoolIds", "roles"})
    public record UserRecord(String kind, String id, String districtId, PersonName name, String email, List<String> schoolIds,
            List<RoleRecord> roles) implements RosterRecord {
        public UserRecord(String id, String districtId, PersonName name, String email, List<String> schoolIds, List<RoleRecord> roles) {
            this("user", id, districtId, name, email, schoolIds, roles);
        }
    }

    @JsonPropertyOrder({"first", "middle", "last"})
    public record PersonName(String first, String middle, String last) {
    }

    @JsonPropertyOrder({"role", "primarySchoolId", "schoolIds", "sisId", "attributes"})
    public record RoleRecord(String role, String primarySchoolId, List<String> schoolIds, String sisId,
            SortedMap<String, String> attributes) {
    }
}
