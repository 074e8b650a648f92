package io.rosterbridge.writer.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The platform services that may read the roster with a client-credentials token (rest.RosterReaders). */
@ConfigMapping(prefix = "roster-writer.service-readers")
public interface ServiceReadersConfig {

    /** Their client ids at the staff OIDC provider. */
    @WithDefault("sso-gateway,integration-requests")
    Set<String> clients();

    /** The token claim that holds the client id of a client-credentials token ({@code sub}, or e.g. {@code azp}). */
    @WithDefault("sub")
    String claim();
}
