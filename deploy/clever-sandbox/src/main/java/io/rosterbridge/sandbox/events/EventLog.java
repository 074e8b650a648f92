package io.rosterbridge.sandbox.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * One district's event feed: oldest first, ids ascending, events older than the retention window dropped
 * from the head (Clever keeps 30 days).
 */
public final class EventLog {

    private final ConcurrentSkipListMap<String, SandboxEvent> events = new ConcurrentSkipListMap<>();
    private final Duration retention;
    private final LongSupplier clock;

    public EventLog(Duration retention, LongSupplier clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public void append(SandboxEvent event) {
        events.put(event.id(), event);
    }

    public SandboxEvent get(String id) {
        expire();
        return events.get(id);
    }

    /**
     * A page of events. {@code startingAfter}/{@code endingBefore} are positions by id (an id that aged out
     * still works as a position); {@code "last"} as {@code endingBefore} means the end of the feed.
     */
    public Page page(String startingAfter, String endingBefore, int limit, String school, Set<String> recordTypes) {
        expire();
        boolean backwards = endingBefore != null && startingAfter == null;
        NavigableMap<String, SandboxEvent> range;
        if (backwards) {
            range = "last".equals(endingBefore) ? events.descendingMap()
                    : events.headMap(endingBefore, false).descendingMap();
        } else {
            range = startingAfter == null ? events : events.tailMap(startingAfter, false);
            if (endingBefore != null) {
                range = range.headMap(endingBefore, false);
            }
        }
        List<SandboxEvent> out = new ArrayList<>(Math.min(limit, 1024));
        boolean more = false;
        for (SandboxEvent event : range.values()) {
            if (!matches(event, school, recordTypes)) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(event);
        }
        if (backwards) {
            java.util.Collections.reverse(out);
        }
        return new Page(out, more, backwards);
    }

    private static boolean matches(SandboxEvent event, String school, Set<String> recordTypes) {
        if (school != null && !event.schools().contains(school)) {
            return false;
        }
        return recordTypes.isEmpty() || recordTypes.contains(event.recordType());
    }

    public int size() {
        expire();
        return events.size();
    }

    private void expire() {
        long oldest = clock.getAsLong() - retention.toMillis();
        while (true) {
            Map.Entry<String, SandboxEvent> head = events.firstEntry();
            if (head == null || head.getValue().created() >= oldest) {
                return;
            }
            events.remove(head.getKey());
        }
    }

    /** {@code more}: records remain beyond the page in its direction. */
    public record Page(List<SandboxEvent> events, boolean more, boolean backwards) {
    }
}
