package io.rosterbridge.requests.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The login attempts read model (login.audit): how long attempts are kept and how many a person's page shows. */
@ConfigMapping(prefix = "login-attempts")
public interface LoginAttemptsConfig {

    /** Attempts older than this are deleted. */
    @WithDefault("30d")
    Duration retention();

    /** How often older attempts are deleted. */
    @WithDefault("1h")
    String purgeInterval();

    /** The newest attempts shown on a person's page. */
    @WithDefault("20")
    int shownPerPerson();
}
