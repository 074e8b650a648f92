package io.rosterbridge.fetcher.client;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.clever.CleverSettings;
import io.rosterbridge.fetcher.config.CleverConfig;

/** The fetcher's {@link CleverClient} (the shared clever-client module), configured from {@code clever.*}. */
public class CleverClientProducer {

    @Produces
    @Singleton
    CleverClient clever(CleverConfig config) {
        return new CleverClient(new CleverSettings(config.apiBaseUrl(), config.oauthBaseUrl(), config.apiVersion(), config.clientId(),
                config.clientSecret(), config.pageSize(), config.requestsPerMinute(), config.requestTimeout(),
                new CleverSettings.Retry(config.retry().maxAttempts(), config.retry().initialBackoff(), config.retry().maxBackoff()), config.appRequestsPerMinute()));
    }
}
