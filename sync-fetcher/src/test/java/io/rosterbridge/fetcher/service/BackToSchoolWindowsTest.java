package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.rosterbridge.fetcher.repository.WindowRepository.StoredWindow;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.DefaultWindow;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.Mode;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.Source;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.Window;

/** Which window applies on which US Eastern day: the district's own, the yearly default, or none. */
class BackToSchoolWindowsTest {

    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final String DISTRICT = "3a1b2c3d4e5f60718293a4b5";
    private static final DefaultWindow SUMMER = new DefaultWindow(true, MonthDay.of(7, 15), MonthDay.of(9, 15), Mode.HOLD_REMOVALS);

    @Test
    void theDefaultWindowRecursEveryYearWithBothEndsInside() {
        assertThat(inside(SUMMER, "2026-07-14")).isFalse();
        assertThat(inside(SUMMER, "2026-07-15")).isTrue();
        assertThat(inside(SUMMER, "2026-09-15")).isTrue();
        assertThat(inside(SUMMER, "2026-09-16")).isFalse();
        assertThat(inside(SUMMER, "2031-08-01")).isTrue();
        Window w = BackToSchoolWindows.resolve(DISTRICT, Optional.empty(), SUMMER, LocalDate.parse("2031-08-01"));
        assertThat(w.source()).isEqualTo(Source.DEFAULT);
        assertThat(w.startsOn()).isEqualTo(LocalDate.parse("2031-07-15"));
    }

    @Test
    void aDefaultWindowAcrossNewYearCoversBothSides() {
        DefaultWindow winter = new DefaultWindow(true, MonthDay.of(12, 20), MonthDay.of(1, 10), Mode.SKIP_NIGHT);
        assertThat(inside(winter, "2026-12-31")).isTrue();
        assertThat(inside(winter, "2027-01-10")).isTrue();
        assertThat(inside(winter, "2027-01-11")).isFalse();
        assertThat(inside(winter, "2026-12-19")).isFalse();
        Window january = BackToSchoolWindows.resolve(DISTRICT, Optional.empty(), winter, LocalDate.parse("2027-01-05"));
        assertThat(january.startsOn()).isEqualTo(LocalDate.parse("2026-12-20"));
    }

    @Test
    void aDistrictsOwnWindowOrOptOutReplacesTheDefault() {
        StoredWindow own = new StoredWindow(DISTRICT, true, LocalDate.parse("2026-08-01"), LocalDate.parse("2026-08-20"), "skip-night", "sam",
                Instant.EPOCH);
        Window july = BackToSchoolWindows.resolve(DISTRICT, Optional.of(own), SUMMER, LocalDate.parse("2026-07-20"));
        assertThat(july.inside()).isFalse();
        Window august = BackToSchoolWindows.resolve(DISTRICT, Optional.of(own), SUMMER, LocalDate.parse("2026-08-20"));
        assertThat(august.inside()).isTrue();
        assertThat(august.mode()).isEqualTo(Mode.SKIP_NIGHT);
        assertThat(august.source()).isEqualTo(Source.DISTRICT);

        StoredWindow optedOut = new StoredWindow(DISTRICT, false, null, null, "hold-removals", "sam", Instant.EPOCH);
        Window none = BackToSchoolWindows.resolve(DISTRICT, Optional.of(optedOut), SUMMER, LocalDate.parse("2026-08-01"));
        assertThat(none.source()).isEqualTo(Source.NONE);
        assertThat(none.inside()).isFalse();
        assertThat(inside(new DefaultWindow(false, MonthDay.of(7, 15), MonthDay.of(9, 15), Mode.HOLD_REMOVALS), "2026-08-01")).isFalse();
    }

    @Test
    void theDayIsTheUsEasternDayWhateverTheUtcDateOrDstOffset() {
        // the 23:00 EDT nightly run of the window's last day is 03:00 UTC the day after
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-09-16T03:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-09-15"));
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-09-16T04:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-09-16"));
        // the night DST ends (1 November 2026): 23:00 EST is 04:00 UTC
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-11-02T04:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-11-02T05:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-11-02"));
        // the night DST starts (8 March 2026): 23:00 EDT is 03:00 UTC
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-03-09T03:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-03-08"));
        assertThat(BackToSchoolWindows.dateAt(Instant.parse("2026-03-09T04:00:00Z"), EASTERN)).isEqualTo(LocalDate.parse("2026-03-09"));
    }

    @Test
    void modesAreSpelledAsInTheApi() {
        assertThat(Mode.fromWire("skip-night")).isEqualTo(Mode.SKIP_NIGHT);
        assertThat(Mode.HOLD_REMOVALS.wire()).isEqualTo("hold-removals");
        assertThatThrownBy(() -> Mode.fromWire("skip")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean inside(DefaultWindow defaults, String date) {
        return BackToSchoolWindows.resolve(DISTRICT, Optional.empty(), defaults, LocalDate.parse(date)).inside();
    }
}
