package io.rosterbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** The contracts' date-time text reads as {@link Instant#parse} reads it, whether the hand-written path takes it or not. */
class Rfc3339Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Stamped(@Rfc3339 Instant at) {
    }

    @Test
    void readsWhatInstantWritesExactlyAsInstantParseDoes() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("Rfc3339Test seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            // years 0000-9999, and every fraction length Instant.toString writes (none, 3, 6, 9 digits)
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(Rfc3339.Reader.utc(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T04:00:00.5Z", "2026-11-29T04:00:00.12Z", "2026-11-29T04:00:00.1234Z",
            "2026-11-29T04:00:00.12345678Z", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z"})
    void readsEveryFractionLengthAndTheCalendarsEdges(String text) {
        assertThat(Rfc3339.Reader.utc(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29t04:00:00z", "2026-11-29T05:00:00+01:00", "2026-12-31T23:59:60Z", "2026-11-29T24:00:00Z",
            "2026-11-29T04:00:00.Z"})
    void leavesOtherValidFormsToInstantParse(String text) throws Exception {
        assertThat(Rfc3339.Reader.utc(text)).isNull();
        Instant expected = Instant.parse(text);
        assertThat(JSON.readValue("{\"at\":\"" + text + "\"}", Stamped.class).at()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T04:00:00Z", "2026-04-31T04:00:00Z", "2026-13-01T04:00:00Z", "2026-00-10T04:00:00Z",
            "2026-11-29T24:00:01Z", "2026-11-29T04:60:00Z", "2026-11-29T04:00:00.1234567891Z",
            "2026-11-29T04:00:0aZ", "2026-11-29 04:00:00Z", "2026-11-29T04:00:00", "+2026-11-29T04:00:00Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThat(Rfc3339.Reader.utc(text)).isNull();
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JSON.readValue("{\"at\":\"" + text + "\"}", Stamped.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("not an RFC 3339 date-time");
    }
}
