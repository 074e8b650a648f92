package io.rosterbridge.fetcher.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import io.rosterbridge.fetcher.mapping.RosterRecords.DistrictRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.RoleRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.SchoolRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

/**
 * A record's canonical JSON (what is emitted and stored) and its 64-bit content fingerprint: the first
 * eight bytes of the SHA-256 of that JSON, so the hashes stored before it (hex SHA-256) carry over.
 * 64 bits make an accidental equal fingerprint of two versions of one record vanishingly unlikely
 * (about 1 in 10^19 per change) while a district's snapshot stays 8 bytes per record.
 * <p>
 * The JSON is written by hand, field by field in the records' {@code @JsonPropertyOrder}, strings escaped as Jackson
 * escapes them ({@link JsonText}); RecordCodecTest checks it against Jackson's own output. The same text, and so the
 * same fingerprints, as when Jackson wrote it by reflection, at a fraction of the CPU (a first sync encodes every
 * record of the district).
 */
public final class RecordCodec {

    /** One digest per thread (the page reader encodes while the run's thread may encode the district). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(RecordCodec::newSha256);

    private RecordCodec() {
    }

    /** A record ready to compare and emit; the record object itself is not kept (pages of these wait for their acks). */
    public record Encoded(String id, String entityType, String json, long fingerprint) {
    }

    public static Encoded encode(RosterRecord record) {
        String json = json(record);
        return new Encoded(record.id(), record.kind(), json, fingerprint(json));
    }

    /** The record's canonical JSON. */
    public static String json(RosterRecord record) {
        StringBuilder out = new StringBuilder(512);
        if (record instanceof UserRecord u) {
            user(out, u);
        } else if (record instanceof SchoolRecord s) {
            out.append("{\"kind\":");
            string(out, s.kind());
            field(out, "id", s.id());
            field(out, "districtId", s.districtId());
            field(out, "name", s.name());
            field(out, "sisId", s.sisId());
            field(out, "schoolNumber", s.schoolNumber());
            field(out, "lowGrade", s.lowGrade());
            field(out, "highGrade", s.highGrade());
        } else {
            DistrictRecord d = (DistrictRecord) record;
            out.append("{\"kind\":");
            string(out, d.kind());
            field(out, "id", d.id());
            field(out, "name", d.name());
            field(out, "state", d.state());
        }
        return out.append('}').toString();
    }

    private static void user(StringBuilder out, UserRecord u) {
        out.append("{\"kind\":");
        string(out, u.kind());
        field(out, "id", u.id());
        field(out, "districtId", u.districtId());
        out.append(",\"name\":");
        if (u.name() == null) {
            out.append("null");
        } else {
            out.append("{\"first\":");
            string(out, u.name().first());
            field(out, "middle", u.name().middle());
            field(out, "last", u.name().last());
            out.append('}');
        }
        field(out, "email", u.email());
        out.append(",\"schoolIds\":");
        strings(out, u.schoolIds());
        out.append(",\"roles\":");
        if (u.roles() == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < u.roles().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            role(out, u.roles().get(i));
        }
        out.append(']');
    }

    private static void role(StringBuilder out, RoleRecord r) {
        out.append("{\"role\":");
        string(out, r.role());
        field(out, "primarySchoolId", r.primarySchoolId());
        out.append(",\"schoolIds\":");
        strings(out, r.schoolIds());
        field(out, "sisId", r.sisId());
        out.append(",\"attributes\":");
        if (r.attributes() == null) {
            out.append("null");
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> attribute : r.attributes().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, attribute.getKey());
                out.append(':');
                string(out, attribute.getValue());
            }
            out.append('}');
        }
        out.append('}');
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        string(out, value);
    }

    private static void strings(StringBuilder out, List<String> values) {
        if (values == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String value) {
        JsonText.quote(out, value);
    }

    public static long fingerprint(String json) {
        MessageDigest sha = SHA_256.get();
        return ByteBuffer.wrap(sha.digest(json.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
