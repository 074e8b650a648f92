package io.rosterbridge.requests.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who hears about new and rostered districts, and how requesters reach their status page. */
@ConfigMapping(prefix = "notifications")
public interface NotificationConfig {

    /** The customer success team's mailbox. */
    @WithDefault("customer-success@rosterbridge.io")
    String csmEmail();

    /** Public base URL of this service, used in the private status link sent to requesters. */
    @WithDefault("http://localhost:8081")
    String publicBaseUrl();
}
