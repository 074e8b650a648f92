package io.rosterbridge.fetcher.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;

/**
 * A record's canonical JSON (what is emitted and stored) and its 64-bit content fingerprint: the first
 * eight bytes of the SHA-256 of that JSON, so the hashes stored before it (hex SHA-256) carry over.
 * 64 bits make an accidental equal fingerprint of two versions of one record vanishingly unlikely
 * (about 1 in 10^19 per change) while a district's snapshot stays 8 bytes per record.
 */
public final class RecordCodec {

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private RecordCodec() {
    }

    /** A record ready to compare and emit; the record object itself is not kept (pages of these wait for their acks). */
    public record Encoded(String id, String entityType, String json, long fingerprint) {
    }

    public static Encoded encode(RosterRecord record) {
        try {
            String json = JSON.writeValueAsString(record);
            return new Encoded(record.id(), record.kind(), json, fingerprint(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + record.kind() + " " + record.id(), e);
        }
    }

    public static long fingerprint(String json) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return ByteBuffer.wrap(sha.digest(json.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
