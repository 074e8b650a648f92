package io.rosterbridge.requests.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the public intake (form and JSON API): sizes and the per-address rate limit. */
@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    /** Largest accepted request body on the intake endpoints (admits every valid submission; see application.properties); larger bodies get 413. */
    @WithDefault("131072")
    int maxBodyBytes();

    /** Longest district, school and contact name. */
    @WithDefault("200")
    int maxNameLength();

    @WithDefault("2000")
    int maxNotesLength();

    @WithDefault("50")
    int maxSchools();

    RateLimit rateLimit();

    interface RateLimit {

        /** Submissions (valid or not) one client address may make per window. */
        @WithDefault("10")
        int maxRequests();

        @WithDefault("1h")
        Duration window();
    }
}
