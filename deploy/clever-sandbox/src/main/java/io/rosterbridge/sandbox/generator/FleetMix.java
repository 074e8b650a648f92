package io.rosterbridge.sandbox.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The district sizes of a fleet, deterministically from a seed: one district in 50 is large (45,000–55,000 users),
 * the rest are small, 500–5,000 users drawn from a bounded power law (shape 1.6, so most are near 500 and a few near
 * 5,000; mean about 1,020). A plain log-uniform draw in 500–5,000 would average about 1,950, and 490 of them next to
 * 10 large ones would make ~1.46M users instead of ~1M; with this shape 500 districts hold about 1M users. Large
 * districts sit at seeded positions in the list, not at its end.
 */
public final class FleetMix {

    public static final int SMALL_MIN = 500;
    public static final int SMALL_MAX = 5_000;
    public static final int LARGE_MIN = 45_000;
    public static final int LARGE_MAX = 55_000;
    /** One district in this many is large. */
    public static final int LARGE_EVERY = 50;
    private static final double SHAPE = 1.6;

    private FleetMix() {
    }

    /** How many of {@code districts} are large. */
    public static int largeCount(int districts) {
        return districts / LARGE_EVERY;
    }

    /** The user count of each district, in fleet order. */
    public static List<Integer> sizes(int districts, long seed) {
        if (districts < 1) {
            throw new IllegalArgumentException("a fleet needs at least one district");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int large = largeCount(districts);
        List<Integer> sizes = new ArrayList<>(districts);
        for (int i = 0; i < large; i++) {
            sizes.add(LARGE_MIN + random.nextInt(LARGE_MAX - LARGE_MIN + 1));
        }
        double ratio = Math.pow((double) SMALL_MIN / SMALL_MAX, SHAPE);
        for (int i = large; i < districts; i++) {
            // inverse CDF of the Pareto distribution truncated to [SMALL_MIN, SMALL_MAX]
            double u = random.nextDouble();
            double size = SMALL_MIN / Math.pow(1 - u * (1 - ratio), 1 / SHAPE);
            sizes.add((int) Math.min(SMALL_MAX, Math.max(SMALL_MIN, Math.round(size))));
        }
        Collections.shuffle(sizes, new Random(random.nextLong()));
        return sizes;
    }

    /** The generator seed of the fleet's {@code index}-th district (distinct per district, stable per fleet seed). */
    public static long districtSeed(long fleetSeed, int index) {
        return fleetSeed * 1_000_003L + index;
    }
}
