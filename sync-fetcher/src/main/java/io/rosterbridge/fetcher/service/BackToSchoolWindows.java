package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.fetcher.config.BackToSchoolConfig;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.WindowRepository;
import io.rosterbridge.fetcher.repository.WindowRepository.StoredWindow;

/**
 * Back-to-school windows: the dates each summer when districts roll their rosters over in Clever and mass
 * removals are expected but must be reviewed. Dates are calendar days in the nightly zone (US Eastern), so
 * the 23:00 run of a window's last day is inside it whatever the UTC date or DST offset. A district's own
 * window (or its opt-out) replaces the global default. Inside a window every run holds all its removals for
 * review (support-triggered, initial and follow-up runs too: support approves after looking at the
 * preview); in mode skip-night the nightly run is not requested at all.
 */
@ApplicationScoped
public class BackToSchoolWindows {

    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    /** What a district's runs do inside its window. */
    public enum Mode {
        HOLD_REMOVALS("hold-removals"), SKIP_NIGHT("skip-night");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Mode fromWire(String value) {
            return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("mode must be hold-removals or skip-night, not " + value));
        }
    }

    /** Where a district's window comes from. */
    public enum Source { DISTRICT, DEFAULT, NONE }

    /**
     * The district's window that applies on {@code date}: for the default, this year's (or, for a window
     * spanning New Year, the one around the date); dates are null for source NONE.
     */
    public record Window(String districtId, Source source, LocalDate startsOn, LocalDate endsOn, Mode mode, LocalDate date) {

        public boolean inside() {
            return startsOn != null && !date.isBefore(startsOn) && !date.isAfter(endsOn);
        }
    }

    /** The global default: month-days every year. */
    record DefaultWindow(boolean enabled, MonthDay start, MonthDay end, Mode mode) {

        static DefaultWindow of(BackToSchoolConfig config) {
            return new DefaultWindow(config.defaultEnabled(), monthDay(config.defaultStart()), monthDay(config.defaultEnd()),
                    Mode.fromWire(config.defaultMode()));
        }

        private static MonthDay monthDay(String value) {
            try {
                return MonthDay.parse(value, MONTH_DAY);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("fetcher.back-to-school default dates are MM-dd, not " + value, e);
            }
        }
    }

    private final WindowRepository repository;
    private final LinkedDistrictRepository links;
    private final DefaultWindow defaults;
    private final ZoneId zone;

    public BackToSchoolWindows(WindowRepository repository, LinkedDistrictRepository links, BackToSchoolConfig config, FetcherConfig fetcher) {
        this.repository = repository;
        this.links = links;
        this.defaults = DefaultWindow.of(config);
        this.zone = ZoneId.of(fetcher.nightly().zone());
    }

    /** The calendar day in the nightly zone at {@code instant}. */
    public LocalDate dateAt(Instant instant) {
        return dateAt(instant, zone);
    }

    static LocalDate dateAt(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    public Window windowOf(String districtId, Instant at) {
        return resolve(districtId, repository.find(districtId), defaults, dateAt(at));
    }

    /** The linked districts inside their window at {@code at}. */
    public List<Window> inside(Instant at) {
        Map<String, StoredWindow> stored = repository.all();
        LocalDate date = dateAt(at);
        return links.activeDistrictIds().stream().sorted()
                .map(id -> resolve(id, Optional.ofNullable(stored.get(id)), defaults, date))
                .filter(Window::inside).toList();
    }

    /** Why a run ending now must hold its removals, or empty when it has none or is outside the window. */
    public Optional<String> removalHold(String districtId, long removals, Instant at) {
        if (removals == 0) {
            return Optional.empty();
        }
        Window window = windowOf(districtId, at);
        if (!window.inside()) {
            return Optional.empty();
        }
        return Optional.of("inside the back-to-school window " + window.startsOn() + " to " + window.endsOn()
                + ": every removal is held for review (" + removals + ")");
    }

    /** True when the district's nightly run of this fire is skipped (inside a skip-night window). */
    public boolean skipsNight(String districtId, Instant fireTime) {
        Window window = windowOf(districtId, fireTime);
        return window.inside() && window.mode() == Mode.SKIP_NIGHT;
    }

    public Window set(String districtId, LocalDate startsOn, LocalDate endsOn, Mode mode, String setBy, Instant now) {
        if (startsOn == null || endsOn == null || endsOn.isBefore(startsOn)) {
            throw new IllegalArgumentException("a window needs startsOn and endsOn, endsOn not before startsOn");
        }
        repository.save(new StoredWindow(districtId, true, startsOn, endsOn, mode.wire(), setBy, now));
        return windowOf(districtId, now);
    }

    /** The district has no window at all, not even the default. */
    public Window optOut(String districtId, String setBy, Instant now) {
        repository.save(new StoredWindow(districtId, false, null, null, defaults.mode().wire(), setBy, now));
        return windowOf(districtId, now);
    }

    /** The district follows the global default again. */
    public Window reset(String districtId, Instant now) {
        repository.delete(districtId);
        return windowOf(districtId, now);
    }

    static Window resolve(String districtId, Optional<StoredWindow> stored, DefaultWindow defaults, LocalDate date) {
        if (stored.isPresent()) {
            StoredWindow own = stored.get();
            return own.enabled()
                    ? new Window(districtId, Source.DISTRICT, own.startsOn(), own.endsOn(), Mode.fromWire(own.mode()), date)
                    : new Window(districtId, Source.NONE, null, null, Mode.fromWire(own.mode()), date);
        }
        if (!defaults.enabled()) {
            return new Window(districtId, Source.NONE, null, null, defaults.mode(), date);
        }
        int year = date.getYear();
        LocalDate start = defaults.start().atYear(year);
        LocalDate end = defaults.end().atYear(year);
        if (end.isBefore(start)) { // spans New Year: the window that started last year, or the one starting this year
            if (date.isAfter(end)) {
                end = defaults.end().atYear(year + 1);
            } else {
                start = defaults.start().atYear(year - 1);
            }
        }
        return new Window(districtId, Source.DEFAULT, start, end, defaults.mode(), date);
    }
}
