package io.rosterbridge.fetcher.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Services that call the support API for support staff (integration-requests' console: previews and windows). They
 * sign in with the client credentials grant, so their token names no person and holds no group, only the client.
 */
@ConfigMapping(prefix = "fetcher.support-clients")
public interface SupportClientsConfig {

    /** Client ids whose tokens count as support. */
    @WithDefault("integration-requests")
    Set<String> clients();

    /** The claim that names the client in a client-credentials token. */
    @WithDefault("sub")
    String claim();
}
