package io.rosterbridge.requests.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** Formatting helpers for the pages. */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static String fmt(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    static String seconds(Long millis) {
        return millis == null ? "—" : String.format(java.util.Locale.ROOT, "%.1f s", Duration.ofMillis(millis).toMillis() / 1000.0);
    }

    static String orDash(Integer value) {
        return value == null ? "—" : value.toString();
    }
}
