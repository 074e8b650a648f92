package io.rosterbridge.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds Clever's official OpenAPI files: system property {@code clever.spec.dir}, else the first
 * {@code shared/clever/v3.0.yml} found walking up from the working directory (a sibling of the
 * repository: /work/shared/clever locally, ../shared/clever in CI).
 */
final class CleverSpec {

    private CleverSpec() {
    }

    static Path file(String name) {
        String configured = System.getProperty("clever.spec.dir");
        if (configured != null && Files.isRegularFile(Paths.get(configured, name))) {
            return Paths.get(configured, name).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("clever").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Clever's " + name + " not found: set -Dclever.spec.dir or put it at "
                + "../shared/clever/ next to the repository");
    }
}
