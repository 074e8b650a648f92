package io.rosterbridge.requests.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Formatting helpers for the pages (Qute does not call them on null: templates guard with #if or ?:). */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EASTERN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US)
            .withZone(ZoneId.of("America/New_York"));

    static String fmt(Instant instant) {
        return TIME.format(instant);
    }

    /** Nightly times as support reads them: US Eastern (the night fires at 11 PM there), with the zone named. */
    static String eastern(Instant instant) {
        return EASTERN_TIME.format(instant);
    }

    /** For a query string: a value typed by the user goes back into a link. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String seconds(Long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
