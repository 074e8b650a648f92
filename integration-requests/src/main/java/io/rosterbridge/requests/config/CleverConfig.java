package io.rosterbridge.requests.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Clever is and this app's credentials there (no defaults for the credentials). */
@ConfigMapping(prefix = "clever")
public interface CleverConfig {

    @WithDefault("https://api.clever.com")
    String apiBaseUrl();

    @WithDefault("https://clever.com")
    String oauthBaseUrl();

    Optional<String> clientId();

    Optional<String> clientSecret();

    @WithDefault("10s")
    Duration requestTimeout();

    /** How often connected/shared detection polls Clever ({@code off} disables the schedule). */
    @WithDefault("5m")
    String pollInterval();
}
