package io.rosterbridge.fetcher.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * The fingerprints are copied in COPY's binary format: what is stored is exactly what was emitted, whatever the text
 * holds, for new records (straight into the table) and for changed ones (through the staging table), and across the
 * chunks the rows are streamed in.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class FingerprintCopyTest {

    private static final String DISTRICT = "f1e2d3c4b5a6978812345678";

    /** Quotes, a backslash, CSV and COPY text delimiters, line breaks, letters outside ASCII, a surrogate pair. */
    private static final List<String> AWKWARD = List.of("{\"name\":\"O\\\"Brien, \\\\ Jr.\"}", "{\"name\":\"tab\there\"}",
            "{\"name\":\"line\\nbreak\r\n\"}", "{\"name\":\"Zoë Nguyễn 李\"}", "{\"name\":\"\uD83C\uDF93\"}", "\\.", "");

    @Inject
    FingerprintRepository fingerprints;

    @Test
    void storesEveryRecordAndHashExactlyAsEmitted() {
        List<Encoded> created = IntStream.range(0, 3000)
                .mapToObj(i -> new Encoded(id(i), i % 2 == 0 ? "user" : "school", AWKWARD.get(i % AWKWARD.size()) + "x".repeat(i % 400),
                        i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : i * -7_919L))
                .toList();
        fingerprints.saveEmitted(DISTRICT, created, List.of());
        assertStored(created);

        List<Encoded> changed = created.stream().limit(500)
                .map(e -> new Encoded(e.id(), e.entityType(), "{\"changed\":\"\\\"" + e.json() + "\"}", e.fingerprint() ^ 1))
                .toList();
        fingerprints.saveEmitted(DISTRICT, List.of(), changed);
        List<Encoded> expected = new ArrayList<>(changed);
        expected.addAll(created.subList(500, created.size()));
        assertStored(expected);
    }

    private void assertStored(List<Encoded> expected) {
        Map<String, String> records = fingerprints.recordsOf(DISTRICT, expected.stream().map(Encoded::id).toList());
        Map<String, Long> hashes = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        fingerprints.forEach(DISTRICT, (id, type, hash, archived, removing) -> {
            hashes.put(id, hash);
            types.put(id, type);
        });
        assertThat(records).hasSize(expected.size());
        for (Encoded e : expected) {
            assertThat(records.get(e.id())).as("record of %s", e.id()).isEqualTo(e.json());
            assertThat(hashes.get(e.id())).as("hash of %s", e.id()).isEqualTo(e.fingerprint());
            assertThat(types.get(e.id())).as("type of %s", e.id()).isEqualTo(e.entityType());
        }
    }

    private static String id(int i) {
        return String.format("%024x", 0xabc000L + i);
    }
}
