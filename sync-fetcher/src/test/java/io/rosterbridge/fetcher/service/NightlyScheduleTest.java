package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** 23:00 in New York is 04:00 UTC in winter and 03:00 UTC in summer; the nightly run follows the wall clock. */
class NightlyScheduleTest {

    private final NightlySchedule nightly = new NightlySchedule("0 0 23 * * ?", "America/New_York");

    @Test
    void springForwardNight() {
        // DST starts Sunday 2026-03-08 at 02:00 local
        Instant saturday = nightly.nextAfter(Instant.parse("2026-03-07T12:00:00Z"));
        Instant sunday = nightly.nextAfter(saturday);
        assertThat(saturday).isEqualTo(Instant.parse("2026-03-08T04:00:00Z")); // 23:00 EST
        assertThat(sunday).isEqualTo(Instant.parse("2026-03-09T03:00:00Z")); // 23:00 EDT
        assertThat(Duration.between(saturday, sunday)).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void fallBackNight() {
        // DST ends Sunday 2026-11-01 at 02:00 local
        Instant saturday = nightly.nextAfter(Instant.parse("2026-10-31T12:00:00Z"));
        Instant sunday = nightly.nextAfter(saturday);
        assertThat(saturday).isEqualTo(Instant.parse("2026-11-01T03:00:00Z")); // 23:00 EDT
        assertThat(sunday).isEqualTo(Instant.parse("2026-11-02T04:00:00Z")); // 23:00 EST
        assertThat(Duration.between(saturday, sunday)).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void firesOncePerNightJustAfterTheLastFire() {
        Instant fire = Instant.parse("2026-03-08T04:00:00Z");
        assertThat(nightly.nextAfter(fire.minusSeconds(1))).isEqualTo(fire);
        assertThat(nightly.nextAfter(fire)).isAfter(fire.plus(Duration.ofHours(22)));
    }
}
