package io.rosterbridge.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.mapping.RosterRecords.DistrictRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.PersonName;
import io.rosterbridge.fetcher.mapping.RosterRecords.RoleRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.SchoolRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

/**
 * The hand-written canonical JSON against Jackson's own output for the same records (what the fetcher emitted and
 * fingerprinted before): equal text, so stored fingerprints still match and no record looks changed after an upgrade.
 */
class RecordCodecTest {

    /** Every ASCII character (control characters, quote, backslash), Latin, CJK and a surrogate pair. */
    private static final String ALPHABET;

    static {
        StringBuilder chars = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            chars.append(c);
        }
        ALPHABET = chars.append("éÆ日本\u2028\u0085😀").toString();
    }

    private final ObjectMapper jackson = new ObjectMapper();

    @Test
    void writesWhatJacksonWritesForRandomRecords() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RecordCodecTest seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            for (RosterRecord record : List.of(user(random), school(random), district(random))) {
                String expected = jackson.writeValueAsString(record);
                RecordCodec.Encoded encoded = RecordCodec.encode(record);
                assertThat(encoded.json()).as("seed %d", seed).isEqualTo(expected);
                assertThat(encoded.fingerprint()).as("seed %d", seed).isEqualTo(sha256Prefix(expected));
                assertThat(encoded.entityType()).isEqualTo(record.kind());
            }
        }
    }

    private static long sha256Prefix(String json) throws Exception {
        return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static UserRecord user(Random random) {
        List<RoleRecord> roles = new ArrayList<>();
        for (int r = random.nextInt(3); r > 0; r--) {
            TreeMap<String, String> attributes = new TreeMap<>();
            for (int a = random.nextInt(4); a > 0; a--) {
                attributes.put(text(random), random.nextInt(5) == 0 ? null : text(random));
            }
            roles.add(new RoleRecord(text(random), orNull(random), ids(random), orNull(random), attributes));
        }
        return new UserRecord(text(random), text(random), new PersonName(orNull(random), orNull(random), orNull(random)),
                orNull(random), ids(random), roles);
    }

    private static SchoolRecord school(Random random) {
        return new SchoolRecord(text(random), text(random), text(random), orNull(random), orNull(random), orNull(random), orNull(random));
    }

    private static DistrictRecord district(Random random) {
        return new DistrictRecord(text(random), text(random), orNull(random));
    }

    private static List<String> ids(Random random) {
        List<String> ids = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            ids.add(text(random));
        }
        return ids;
    }

    private static String orNull(Random random) {
        return random.nextInt(4) == 0 ? null : text(random);
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return text.toString();
    }
}
