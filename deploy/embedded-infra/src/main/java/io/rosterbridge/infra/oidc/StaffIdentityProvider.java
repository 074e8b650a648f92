package io.rosterbridge.infra.oidc;

import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * Stand-in for the company's staff OIDC provider (a real, generic OIDC server: discovery, JWKS,
 * code flow, client credentials). Issuer id {@value #ISSUER_ID}; staff roles travel in the {@code groups} claim.
 */
public final class StaffIdentityProvider implements AutoCloseable {

    public static final String ISSUER_ID = "staff";

    private final MockOAuth2Server server;

    /** Issues tokens without a login page: what automated tests need. */
    public StaffIdentityProvider() {
        this(false);
    }

    /**
     * @param interactiveLogin show a login page where a person types a user name and extra claims
     *                         (e.g. {@code {"groups":["support"]}}); the local stack uses it
     */
    public StaffIdentityProvider(boolean interactiveLogin) {
        server = new MockOAuth2Server(new OAuth2Config(interactiveLogin));
    }

    public StaffIdentityProvider start(int port) {
        server.start(port);
        return this;
    }

    /** The issuer URL, usable as {@code quarkus.oidc.auth-server-url}. */
    public String issuerUrl() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    /** A signed access token for a staff user with the given groups (e.g. {@code support}), for the given audience. */
    public String accessToken(String subject, String audience, List<String> groups) {
        return server.issueToken(ISSUER_ID, subject, audience, Map.of("groups", groups, "preferred_username", subject)).serialize();
    }

    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
