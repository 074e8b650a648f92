package io.rosterbridge.fetcher.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.rosterbridge.fetcher.config.SupportClientsConfig;
import io.smallrye.mutiny.Uni;

/**
 * Support staff reach the support API with their own token ("support" in groups) or through a service listed in
 * {@code fetcher.support-clients.clients}: such a token gets the roles {@value #SUPPORT} and {@value #SERVICE}, and
 * the service may name the staff member it acts for (the {@code setBy} of a window). Tokens must be issued for
 * sync-fetcher either way ({@code quarkus.oidc.token.audience}).
 */
@ApplicationScoped
public class SupportClients implements SecurityIdentityAugmentor {

    public static final String SUPPORT = "support";
    public static final String SERVICE = "support-service";

    private final SupportClientsConfig config;

    public SupportClients(SupportClientsConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object client = token.getClaim(config.claim());
        if (!(client instanceof String name) || !config.clients().contains(name)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(SUPPORT).addRole(SERVICE).build());
    }
}
