package io.rosterbridge.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationCompletionException;
import io.rosterbridge.gateway.service.LoginService;
import io.vertx.ext.web.RoutingContext;

/**
 * quarkus-oidc could not complete the code flow: the code was expired or already used, the {@code state} did not
 * match, or the id_token failed verification (signature, {@code iss}, {@code aud}, {@code exp}, {@code nonce}).
 * People get a page that tells them to start again; the audit trail gets a provider-error.
 */
public class AuthenticationFailureMapper {

    private static final Logger LOG = Logger.getLogger(AuthenticationFailureMapper.class);

    @Inject
    LoginService login;

    @Inject
    LoginCookies cookies;

    @Inject
    Pages pages;

    @ServerExceptionMapper
    public Response completionFailed(AuthenticationCompletionException failure, RoutingContext context) {
        LOG.warnf("Clever login could not be completed on %s", context.request().path());
        login.providerError(cookies.flow(context), "login could not be completed: code, state or id_token rejected");
        cookies.finishLogin(context);
        return pages.providerError();
    }
}
