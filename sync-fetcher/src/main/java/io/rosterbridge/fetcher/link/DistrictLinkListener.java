package io.rosterbridge.fetcher.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.DistrictLinkEvent;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.service.SupportService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Keeps linked_district equal to the latest value of each key on district.links; a tombstone unlinks.
 * A district linked for the first time (and active) gets its initial sync at once, after the link is committed.
 */
@ApplicationScoped
public class DistrictLinkListener {

    private static final Logger LOG = Logger.getLogger(DistrictLinkListener.class);

    @Inject
    ObjectMapper json;

    @Inject
    LinkStore store;

    @Inject
    SupportService support;

    @Inject
    FetcherConfig config;

    @Incoming("district-links")
    @Blocking
    public void onLink(Record<String, String> record) {
        if (record.value() == null) {
            store.unlink(record.key());
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
        if (store.apply(link) == LinkStore.Outcome.NEWLY_LINKED && "active".equals(link.status()) && config.initialSyncOnLink()) {
            LOG.infof("District %s linked: initial sync %s", link.districtId(), support.requestInitialSync(link.districtId()));
        }
    }
}
