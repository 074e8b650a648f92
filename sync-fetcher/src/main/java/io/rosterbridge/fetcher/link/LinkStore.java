package io.rosterbridge.fetcher.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;

/** Applies district.links records to linked_district, one transaction each. */
@ApplicationScoped
public class LinkStore {

    /** What applying a link did. */
    public enum Outcome { NEWLY_LINKED, UPDATED, STALE }

    @Transactional
    public Outcome apply(DistrictLinkEvent link) {
        LinkedDistrict district = LinkedDistrict.findById(link.districtId());
        boolean isNew = district == null;
        if (isNew) {
            district = new LinkedDistrict();
            district.districtId = link.districtId();
        } else if (link.isOlderThan(district.updatedAt)) {
            return Outcome.STALE; // an older link replayed after a newer one
        }
        district.organisationId = link.organisationId();
        district.districtName = link.districtName();
        district.status = link.status();
        district.licensedSchoolIds = link.licensedSchoolIds().toArray(String[]::new);
        district.updatedAt = link.updatedAt();
        district.persist();
        return isNew ? Outcome.NEWLY_LINKED : Outcome.UPDATED;
    }

    @Transactional
    public void unlink(String districtId) {
        LinkedDistrict.deleteById(districtId);
    }
}
