package io.rosterbridge.contracts.rosterchanges;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The {@code record} of a roster.change: a district, a school or a user, told apart by {@code kind}. A producer that
 * holds the record already encoded as the contract's JSON sends it as {@link Encoded}; a consumer reads one of the
 * three records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(EntityRecord.District.class),
        @JsonSubTypes.Type(EntityRecord.School.class),
        @JsonSubTypes.Type(EntityRecord.User.class) })
public sealed interface EntityRecord {

    EntityType kind();

    String id();

    /** The district the entity belongs to (a district belongs to itself). */
    String districtId();

    @JsonTypeName("district")
    record District(String id, String name, String state) implements EntityRecord {

        @Override
        public EntityType kind() {
            return EntityType.DISTRICT;
        }

        @Override
        @JsonIgnore
        public String districtId() {
            return id;
        }
    }

    @JsonTypeName("school")
    record School(String id, String districtId, String name, String sisId, String schoolNumber, String lowGrade,
            String highGrade) implements EntityRecord {

        @Override
        public EntityType kind() {
            return EntityType.SCHOOL;
        }
    }

    @JsonTypeName("user")
    record User(String id, String districtId, Name name, String email, List<String> schoolIds, List<Role> roles)
            implements EntityRecord {

        @Override
        public EntityType kind() {
            return EntityType.USER;
        }
    }

    /** A user's name; any part may be missing. */
    record Name(String first, String middle, String last) {
    }

    /** One role of a user; a multi-role user has several, each with its own schools and attributes. */
    record Role(String role, List<String> schoolIds, String primarySchoolId, String sisId, Map<String, String> attributes) {
    }

    /**
     * A record its producer already holds as the contract's JSON (sync-fetcher keeps each record's canonical form to
     * compare runs), written as it is; {@code kind}, {@code id} and {@code districtId} are the ones it encodes.
     */
    @JsonSerialize(using = Encoded.Writer.class)
    record Encoded(EntityType kind, String id, String districtId, String json) implements EntityRecord {

        static final class Writer extends StdSerializer<Encoded> {

            Writer() {
                super(Encoded.class);
            }

            @Override
            public void serialize(Encoded record, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeRawValue(record.json());
            }

            @Override
            public void serializeWithType(Encoded record, JsonGenerator generator, SerializerProvider provider,
                    TypeSerializer types) throws IOException {
                serialize(record, generator, provider); // the JSON holds its kind already
            }
        }
    }
}
