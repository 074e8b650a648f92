package io.rosterbridge.sandbox.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Clever's timestamp format: {@code YYYY-MM-DDTHH:MM:SS.SSSZ}, UTC. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Generated districts share a handful of timestamps; caching the last one saves most formatting. */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[] {Long.MIN_VALUE, ""});

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        Object[] last = LAST.get();
        if ((long) last[0] == epochMillis) {
            return (String) last[1];
        }
        String formatted = FORMAT.format(Instant.ofEpochMilli(epochMillis));
        last[0] = epochMillis;
        last[1] = formatted;
        return formatted;
    }
}
