package io.rosterbridge.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rosterbridge.contracts.DistrictLinkEvent;
import io.rosterbridge.gateway.repository.LinkedDistrict;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.service.LinkedDistricts;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/** Keeps linked_district equal to the latest value of each key on district.links; a tombstone unlinks. */
@ApplicationScoped
public class DistrictLinkListener {

    private static final Logger LOG = Logger.getLogger(DistrictLinkListener.class);

    @Inject
    ObjectMapper json;

    @Inject
    LinkedDistrictRepository districts;

    @Inject
    LinkedDistricts cachedLinks;

    /** Applies the record in its own transaction, then drops the cached answer, so no login caches the old link. */
    @Incoming(Channels.DISTRICT_LINKS)
    @Blocking
    public void onLink(Record<String, String> record) {
        QuarkusTransaction.requiringNew().run(() -> apply(record));
        if (record.key() != null) {
            cachedLinks.forget(record.key());
        }
    }

    private void apply(Record<String, String> record) {
        if (record.value() == null) {
            districts.deleteById(record.key());
            return;
        }
        DistrictLinkEvent link;
        try {
            link = json.readValue(record.value(), DistrictLinkEvent.class);
        } catch (JsonProcessingException e) {
            LOG.errorf("Ignoring unreadable district link for key %s: %s", record.key(), e.getOriginalMessage());
            return;
        }
        String problem = link.problem(record.key());
        if (problem != null) {
            LOG.errorf("Ignoring invalid district link for key %s: %s", record.key(), problem);
            return;
        }
        LinkedDistrict district = districts.findById(link.districtId());
        if (district == null) {
            district = new LinkedDistrict();
            district.districtId = link.districtId();
        } else if (district.updatedAt != null && link.updatedAt().isBefore(district.updatedAt)) {
            return; // an older link replayed after a newer one
        }
        district.organisationId = link.organisationId();
        district.districtName = link.districtName();
        district.status = link.status();
        district.updatedAt = link.updatedAt();
        districts.persist(district);
    }
}
