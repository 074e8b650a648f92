package io.rosterbridge.sandbox.events;

import java.time.Duration;
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

    /** The feed of an app or district with events disabled: always empty. */
    public static final EventLog EMPTY = new EventLog(Duration.ZERO, () -> 0L);

    private final ConcurrentSkipListMap<String, SandboxEvent> events = new ConcurrentSkipListMap<>();
    private final Duration retention;
    private final LongSupplier clock;

    public EventLog(Duration retention, LongSupplier clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public void append(SandboxEvent event) {
        if (this == EMPTY) {
            throw new IllegalStateException("the empty feed takes no events");
        }
        events.put(event.id(), event);
    }

    public SandboxEvent get(String id) {
        expire();
        return events.get(id);
    }

    /** The retained events, ascending by id (expired ones dropped first). */
    public NavigableMap<String, SandboxEvent> retained() {
        expire();
        return events;
    }

    /** Whether an event matches the Events API filters ({@code school}, {@code record_type}). */
    public static boolean matches(SandboxEvent event, String school, Set<String> recordTypes) {
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
}
