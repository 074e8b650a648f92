package io.rosterbridge.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The global default back-to-school window: the same month-days every year, in the nightly zone
 * (fetcher.nightly.zone). A district's own window (set by support) replaces it.
 */
@ConfigMapping(prefix = "fetcher.back-to-school")
public interface BackToSchoolConfig {

    /** Whether districts without their own window have the default one. */
    @WithDefault("true")
    boolean defaultEnabled();

    /** First day of the default window, MM-dd, inclusive. Clever resumes SIS syncs about two weeks before school starts. */
    @WithDefault("07-15")
    String defaultStart();

    /** Last day of the default window, MM-dd, inclusive (may be before the start: the window then spans New Year). */
    @WithDefault("09-15")
    String defaultEnd();

    /** hold-removals: every run holds its removals for review; skip-night: nightly runs are skipped (support runs hold). */
    @WithDefault("hold-removals")
    String defaultMode();
}
