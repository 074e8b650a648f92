package io.rosterbridge.writer.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.rosterbridge.writer.config.ServiceReadersConfig;
import io.smallrye.mutiny.Uni;

/**
 * Who may read the roster (every student's record): support staff, whose staff-provider token has {@value #SUPPORT}
 * in its {@code groups} claim, and the platform services listed in {@code roster-writer.service-readers.clients}.
 * A service signs in with the client credentials grant, so its token names no person and holds no group, only the
 * client (in the claim {@code roster-writer.service-readers.claim}); such a token gets the role {@value #SERVICE}.
 * Tokens must also be issued for roster-writer ({@code quarkus.oidc.token.audience}); anyone else gets 401 or 403.
 */
@ApplicationScoped
public class RosterReaders implements SecurityIdentityAugmentor {

    public static final String SUPPORT = "support";
    public static final String SERVICE = "roster-service";

    private final ServiceReadersConfig serviceReaders;

    @Inject
    public RosterReaders(ServiceReadersConfig serviceReaders) {
        this.serviceReaders = serviceReaders;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object client = token.getClaim(serviceReaders.claim());
        if (!(client instanceof String name) || !serviceReaders.clients().contains(name)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(SERVICE).build());
    }
}
