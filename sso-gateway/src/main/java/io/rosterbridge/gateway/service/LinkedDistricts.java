package io.rosterbridge.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.gateway.repository.LinkedDistrict;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;

/**
 * Whether a district is linked, and how, cached briefly (cache {@value #CACHE}, see application.properties): at
 * 8 AM every click of a district asks the same question, and links change a few times a year. A change takes effect
 * at once on every replica: the replica that consumes it from district.links forgets it after its commit, and every
 * replica forgets it when the database announces the commit (listener.LinkChangeListener).
 */
@ApplicationScoped
public class LinkedDistricts {

    public static final String CACHE = "linked-districts";

    @Inject
    LinkedDistrictRepository districts;

    /** The district's link as last seen on district.links; empty when it is not linked (cached too). */
    @CacheResult(cacheName = CACHE)
    public Optional<DistrictLink> find(String districtId) {
        LinkedDistrict district = districts.findById(districtId);
        return district == null ? Optional.empty()
                : Optional.of(new DistrictLink(district.districtId, district.organisationId, district.status));
    }

    /** Drops the cached answer for a district whose link has just changed. */
    @CacheInvalidate(cacheName = CACHE)
    public void forget(String districtId) {
        // the interceptor does the work
    }

    /** Drops every cached answer: changes made while this replica was not listening for them were missed. */
    @CacheInvalidateAll(cacheName = CACHE)
    public void forgetAll() {
        // the interceptor does the work
    }

    /** The part of a link that decides logins. */
    public record DistrictLink(String districtId, String organisationId, String status) {

        public boolean isActive() {
            return DistrictLinkEvent.ACTIVE.equals(status);
        }
    }
}
