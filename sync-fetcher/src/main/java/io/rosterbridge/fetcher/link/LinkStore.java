package io.rosterbridge.fetcher.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;

/** Applies district.links records to linked_district, each in one statement ({@link LinkedDistrictRepository}). */
@ApplicationScoped
public class LinkStore {

    /** What applying a link did. */
    public enum Outcome { NEWLY_LINKED, UPDATED, STALE }

    @Inject
    LinkedDistrictRepository links;

    public Outcome apply(DistrictLinkEvent link) {
        return switch (links.save(link)) {
            case INSERTED -> Outcome.NEWLY_LINKED;
            case UPDATED -> Outcome.UPDATED;
            case STALE -> Outcome.STALE; // an older link replayed after a newer one
        };
    }

    public void unlink(String districtId) {
        links.delete(districtId);
    }
}
