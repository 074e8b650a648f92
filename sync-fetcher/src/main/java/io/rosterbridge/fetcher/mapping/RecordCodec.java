package io.rosterbridge.fetcher.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;

/** A record's canonical JSON (what is emitted and stored) and its content fingerprint (SHA-256 of that JSON). */
public final class RecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {
    }

    /** A record ready to compare and emit. */
    public record Encoded(RosterRecord record, String json, String fingerprint) {
        public String id() {
            return record.id();
        }

        public String entityType() {
            return record.kind();
        }
    }

    public static Encoded encode(RosterRecord record) {
        try {
            String json = JSON.writeValueAsString(record);
            return new Encoded(record, json, fingerprint(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + record.kind() + " " + record.id(), e);
        }
    }

    public static String fingerprint(String json) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
