package io.rosterbridge.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids of sync runs and of their roster.changes events (RFC 9562 layouts). Both begin with the run's start time in
 * milliseconds, so that ids of one run sit together and later runs sort after earlier ones: the roster-writer's
 * idempotency log, a B-tree keyed by event id, then takes a run's events at its right edge rather than at random
 * pages across the whole index (measured in docs/benchmarks/roster-writer.md: about half the work of a claim).
 * Consumers must not rely on the layout; an event id is an opaque uuid to them.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TIME_BITS = 0xFFFF_FFFF_FFFF_0000L;

    private EventIds() {
    }

    /** A version 7 uuid: the run's start in Unix milliseconds, then random bits. */
    public static UUID newRunId(Instant startedAt) {
        long msb = startedAt.toEpochMilli() << 16 | 0x7000L | RANDOM.nextInt(1 << 12);
        return new UUID(msb, withVariant(RANDOM.nextLong()));
    }

    /**
     * A version 8 uuid standing for a run that is not started but replayed, such as one page of Clever events read
     * from one cursor: the time given, then bits of a SHA-256 of {@code key}, so reading the same page again after a
     * crash gives the same run id and hence the same change ids.
     */
    public static UUID replayableRunId(String key, Instant time) {
        ByteBuffer hash = ByteBuffer.wrap(sha256(key));
        long msb = time.toEpochMilli() << 16 | 0x8000L | hash.getShort() & 0x0FFFL;
        return new UUID(msb, withVariant(hash.getLong()));
    }

    /**
     * A version 8 uuid for one change of one entity in one run: the run id's time field, then bits of a SHA-256 of
     * the three. The same change always gets the same id, so an event sent again keeps its idempotency key.
     */
    public static UUID changeId(UUID runId, String changeType, String entityId) {
        return namedInRun(runId, runId + "/" + changeType + "/" + entityId);
    }

    /**
     * The id of a run's run-completed marker for {@code step} (the run's end, "completed" or "held", or support's
     * "approved" of its held removals), laid out as {@link #changeId}: a marker sent again after a crash keeps its key.
     */
    public static UUID runCompletedId(UUID runId, String step) {
        return namedInRun(runId, runId + "/run-completed/" + step);
    }

    private static UUID namedInRun(UUID runId, String name) {
        ByteBuffer hash = ByteBuffer.wrap(sha256(name));
        long msb = runId.getMostSignificantBits() & TIME_BITS | 0x8000L | hash.getShort() & 0x0FFFL;
        return new UUID(msb, withVariant(hash.getLong()));
    }

    private static long withVariant(long bits) {
        return bits & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
