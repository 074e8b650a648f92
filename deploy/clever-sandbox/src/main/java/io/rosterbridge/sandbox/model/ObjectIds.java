package io.rosterbridge.sandbox.model;

import java.util.SplittableRandom;

/**
 * Produces Clever-style ids: 24 lowercase hex characters (a 12-byte ObjectId: 4 bytes of seconds, 5 bytes
 * of per-source noise, 3 bytes of counter). One source hands out strictly ascending ids, so records
 * created in order page in order, as on Clever.
 */
public final class ObjectIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private long seconds;
    private final long noise;
    private int counter;

    /** A deterministic source: same arguments, same ids. */
    public ObjectIds(long epochSeconds, long seed) {
        this.seconds = epochSeconds;
        this.noise = new SplittableRandom(seed).nextLong() & 0xFF_FFFF_FFFFL;
    }

    public synchronized String next() {
        if (counter == 0xFF_FFFF) {
            seconds++;
            counter = 0;
        }
        counter++;
        return format(seconds, noise, counter);
    }

    /** Moves the clock forward (never back), keeping ids ascending. */
    public synchronized void advanceTo(long epochSeconds) {
        if (epochSeconds > seconds) {
            seconds = epochSeconds;
            counter = 0;
        }
    }

    static String format(long seconds, long noise, int counter) {
        char[] out = new char[24];
        put(out, 0, seconds, 8);
        put(out, 8, noise, 10);
        put(out, 18, counter, 6);
        return new String(out);
    }

    private static void put(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** A stable 24-hex id derived from another one (Clever's per-role {@code legacy_id}). */
    public static String derived(String id, int salt) {
        char[] out = id.toCharArray();
        for (int i = 8; i < out.length; i++) {
            int v = Character.digit(out[i], 16) ^ ((salt + i * 7) & 0xF);
            out[i] = HEX[v];
        }
        return new String(out);
    }
}
