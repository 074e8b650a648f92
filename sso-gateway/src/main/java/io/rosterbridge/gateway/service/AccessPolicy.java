package io.rosterbridge.gateway.service;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.gateway.client.RosterDirectory;
import io.rosterbridge.gateway.client.RosterUser;
import io.rosterbridge.gateway.service.LinkedDistricts.DistrictLink;

/**
 * Who gets in: a rostered, active user of a linked, active district, with a role the apps serve.
 * The key is Clever's user id ({@code sub}); never the email (unverified, often missing for young students).
 */
@ApplicationScoped
public class AccessPolicy {

    /** Roles the platform's apps serve. Clever's other roles (contact) have no app here. */
    static final Set<String> APP_ROLES = Set.of(Roles.STUDENT, "teacher", "staff", "district_admin", "school_admin");

    @Inject
    RosterDirectory roster;

    @Inject
    LinkedDistricts districts;

    /** @throws io.rosterbridge.gateway.client.RosterUnavailableException when the roster cannot be asked */
    public AccessDecision decide(String cleverUserId) {
        Optional<RosterUser> found = roster.find(cleverUserId);
        if (found.isEmpty()) {
            return AccessDecision.refused(LoginOutcome.UNKNOWN_USER, cleverUserId, null, List.of(),
                    "user is not in the roster shared with us");
        }
        RosterUser user = found.get();
        List<String> roles = user.roleNames();
        if (!user.active()) {
            return AccessDecision.refused(LoginOutcome.ARCHIVED_USER, cleverUserId, user.districtId(), roles,
                    "user is archived in the roster");
        }
        DistrictLink district = user.districtId() == null ? null : districts.find(user.districtId()).orElse(null);
        if (district == null) {
            return AccessDecision.refused(LoginOutcome.DISTRICT_NOT_LINKED, cleverUserId, user.districtId(), roles,
                    "district is not linked");
        }
        if (!district.isActive()) {
            return AccessDecision.refused(LoginOutcome.DISTRICT_INACTIVE, cleverUserId, user.districtId(), roles,
                    "district link is " + district.status());
        }
        List<String> appRoles = roles.stream().filter(APP_ROLES::contains).toList();
        if (appRoles.isEmpty()) {
            return AccessDecision.refused(LoginOutcome.UNKNOWN_USER, cleverUserId, user.districtId(), roles,
                    "user has no role the apps serve");
        }
        return new AccessDecision(LoginOutcome.SUCCESS, cleverUserId, user.districtId(), district.organisationId(),
                appRoles, user.schools(), null);
    }
}
