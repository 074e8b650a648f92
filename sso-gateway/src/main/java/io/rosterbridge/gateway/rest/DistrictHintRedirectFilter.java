package io.rosterbridge.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.rosterbridge.gateway.service.CleverIds;

/**
 * Adds Clever's {@code district_id} hint to the authorize redirect of a {@code /login?district_id=...} request, so
 * a district-specific login link skips Clever's district picker. Only a well-formed Clever id is passed on.
 */
@ApplicationScoped
@Unremovable // looked up by quarkus-oidc at run time, never injected
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class DistrictHintRedirectFilter implements OidcRedirectFilter {

    static final String DISTRICT_HINT = "district_id";

    @Override
    public void filter(OidcRedirectContext redirect) {
        if (!Pages.LOGIN_PATH.equals(redirect.routingContext().request().path())) {
            return;
        }
        String hint = redirect.routingContext().request().getParam(DISTRICT_HINT);
        if (CleverIds.isValid(hint)) {
            redirect.additionalQueryParams().add(DISTRICT_HINT, hint);
        }
    }
}
