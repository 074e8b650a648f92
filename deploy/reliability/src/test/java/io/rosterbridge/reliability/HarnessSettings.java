package io.rosterbridge.reliability;

import java.nio.file.Path;

/**
 * The harness's knobs, from system properties (the Maven profile passes them through failsafe). The defaults
 * are the short variant that runs in every build; {@code -Preliability} raises them.
 */
record HarnessSettings(int users, int trials, long seed, Path repository, Path dataDir, Path reportFile) {

    static HarnessSettings fromSystemProperties() {
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../..")).toAbsolutePath().normalize();
        Path target = Path.of("target").toAbsolutePath();
        return new HarnessSettings(
                Integer.getInteger("reliability.users", 2_000),
                Integer.getInteger("reliability.trials", 1),
                Long.getLong("reliability.seed", System.nanoTime() & 0xFFFF_FFFFL),
                repository,
                target.resolve("reliability-data"),
                target.resolve("reliability-report.md"));
    }

    /** A variant name for the report. */
    String variant() {
        return users >= 100_000 ? "full" : "short";
    }
}
